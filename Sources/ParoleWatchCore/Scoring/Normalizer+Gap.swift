extension Normalizer {
    /// The separators between two tokens, as far as the de-obfuscation steps care: one joinable byte repeated
    /// (`p a r o l e` has one space between letters, `pa.ro.le` one `.`), or a mix.
    struct SeparatorGap {
        private var byte: UInt32 = 0
        private var count: UInt32 = 0
        private var isMixed = false

        /// Separator bytes that can space out letters (`p a r o l e`, `p.a.r.o.l.e`): bit `b` of the mask for byte `b`.
        private static let joinableMask: UInt128 = " .-_*/|~+\n\t".utf8.reduce(0) { $0 | (1 << UInt128($1)) }

        /// Adds one separator (a byte of 128 or more, or one that cannot space out letters, makes the gap mixed).
        @inline(__always)
        mutating func add(_ separator: UInt32) {
            if separator >= 128 || Self.joinableMask & (1 << UInt128(separator)) == 0 {
                isMixed = true
            } else if count == 0 {
                byte = separator
                count = 1
            } else if separator == byte {
                count += 1
            } else {
                isMixed = true
            }
        }

        /// ``Normalizer/Token/gapKey``: `byte << 16 | count` for one repeated byte, ``Normalizer/Token/mixedGap``
        /// for a mix, 0 for no separator.
        var key: UInt32 { isMixed ? Normalizer.Token.mixedGap : byte << 16 | min(count, 0xFFFF) }

        /// Whether the gap is exactly one syllable separator (`.` `-` `_` `*`), as in `pa.ro.le`.
        var isSyllableLink: Bool {
            guard !isMixed, count == 1 else { return false }
            switch byte {
            case 0x2E, 0x2D, 0x5F, 0x2A: return true  // . - _ *
            default: return false
            }
        }

        /// The key, leaving the gap empty for the next token.
        mutating func take() -> UInt32 {
            defer { self = SeparatorGap() }
            return key
        }
    }
}
