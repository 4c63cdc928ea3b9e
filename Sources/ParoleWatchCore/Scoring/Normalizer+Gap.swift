extension Normalizer {
    /// The separators between two tokens, as far as the de-obfuscation steps care: one joinable byte repeated
    /// (`p a r o l e` has one space between letters, `pa.ro.le` one `.`), the same with spaces around it
    /// (`P - A - R - O - L - E`, `p. a. r. o. l. e`), or a mix. Spaces around a symbol make a gap of its own, so the
    /// longer plain spaces between two spaced-out words still part them (`P - A - R - O - L - E    R - E - O - P - E - N`).
    struct SeparatorGap {
        /// The non-space joinable byte of the gap (0 when it has only spaces).
        private var byte: UInt32 = 0
        private var count: UInt32 = 0
        private var spaces: UInt32 = 0
        private var isMixed = false

        /// Separator bytes that can space out letters (`p a r o l e`, `p.a.r.o.l.e`): bit `b` of the mask for byte `b`.
        private static let joinableMask: UInt128 = " .-_*/|~+\n\t".utf8.reduce(0) { $0 | (1 << UInt128($1)) }
        /// Marks a key whose symbol has spaces around it.
        private static let spacedBit: UInt32 = 0x8000

        /// Adds one separator (a byte of 128 or more, one that cannot space out letters, or a second kind of symbol
        /// makes the gap mixed).
        @inline(__always)
        mutating func add(_ separator: UInt32) {
            if separator >= 128 || Self.joinableMask & (1 << UInt128(separator)) == 0 {
                isMixed = true
            } else if separator == 0x20 {
                spaces += 1
            } else if count == 0 {
                byte = separator
                count = 1
            } else if separator == byte {
                count += 1
            } else {
                isMixed = true
            }
        }

        /// ``Normalizer/Token/gapKey``: `byte << 16 | count` for one repeated byte (``spacedBit`` set when spaces
        /// surround it), ``Normalizer/Token/mixedGap`` for a mix, 0 for no separator.
        var key: UInt32 {
            if isMixed { return Normalizer.Token.mixedGap }
            if count == 0 { return spaces == 0 ? 0 : 0x20 << 16 | min(spaces, 0xFFFF) }
            return byte << 16 | min(count, 0x7FFF) | (spaces > 0 ? Self.spacedBit : 0)
        }

        /// Whether the gap is exactly one syllable separator (`.` `-` `_` `*`), as in `pa.ro.le`.
        var isSyllableLink: Bool {
            guard !isMixed, count == 1, spaces == 0 else { return false }
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
