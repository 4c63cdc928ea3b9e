extension Normalizer {
    /// What one folded character is, for tokenizing.
    enum UnitKind: UInt8 {
        case letter, digit, at, dollar, symbol, apostrophe, separator, ignorable, zeroWidth
        /// An emoji, flag half or other symbol: dropped between two letters (`pa🇺🇸rol`), a separator elsewhere.
        case pictograph
    }

    /// One folded character with the original bytes it came from. A scalar may give several units (`ﬁ` → `f`, `i`),
    /// all with the scalar's original range.
    struct Unit {
        /// Up to four output UTF-8 bytes, first byte lowest; for separators the separator byte.
        var bytes: UInt32
        var start: Int32
        var end: Int32
        var kind: UnitKind
        var count: UInt8
        var flags: UInt8

        static let confusable: UInt8 = 1
        static let nativeLatin: UInt8 = 2
        static let leet: UInt8 = 4
        /// On a pictograph: the registered sign `®`, which reads as the letter `r` between two letters.
        static let readsAsR: UInt8 = 8
    }

    /// `®`: a separator, except between two letters, where posters use it for `r` (`ap®obando`, `🅿️🅰️®️🅾️🅻🅴`).
    static let registeredSign: UInt32 = 0xAE

    /// Kind of each ASCII byte.
    static let asciiKinds: [UnitKind] = (0..<128).map { (byte: Int) -> UnitKind in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case UInt8(ascii: "@"): .at
        case UInt8(ascii: "$"): .dollar
        case UInt8(ascii: "%"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "\""): .symbol
        case UInt8(ascii: "'"), UInt8(ascii: "`"): .apostrophe
        default: .separator
        }
    }
}

extension Normalizer.Pass {
    /// Step 1: decodes `utf8` and folds every scalar into units.
    mutating func readUnits(_ utf8: UnsafeBufferPointer<UInt8>, table: ScalarFoldTable) {
        let count = utf8.count
        let asciiKinds = Normalizer.asciiKinds
        var index = 0
        while index < count {
            let lead = utf8[index]
            if lead < 0x80 {
                appendASCII(
                    lead,
                    kind: asciiKinds[Int(lead)],
                    start: index,
                    end: index + 1,
                    flags: Normalizer.Unit.nativeLatin
                )
                index += 1
                continue
            }
            let (value, length) = Self.decode(utf8, at: index, lead: lead)
            let end = index + length
            let entry = table.entry(for: value)
            switch ScalarFoldTable.kind(of: entry) {
            case .ignorable:
                append(
                    Normalizer.Unit(
                        bytes: 0,
                        start: Int32(index),
                        end: Int32(end),
                        kind: .ignorable,
                        count: 0,
                        flags: 0
                    )
                )
            case .zeroWidth:
                append(
                    Normalizer.Unit(
                        bytes: 0,
                        start: Int32(index),
                        end: Int32(end),
                        kind: .zeroWidth,
                        count: 0,
                        flags: 0
                    )
                )
            case .identity:
                appendScalar(value, start: index, end: end, flags: 0)
            case .mapped where entry & ScalarFoldTable.pictographBit != 0:
                append(
                    Normalizer.Unit(
                        bytes: 0x20,
                        start: Int32(index),
                        end: Int32(end),
                        kind: .pictograph,
                        count: 1,
                        flags: value == Normalizer.registeredSign ? Normalizer.Unit.readsAsR : 0
                    )
                )
            case .mapped:
                let isConfusable = entry & ScalarFoldTable.confusableBit != 0
                let flags = isConfusable ? Normalizer.Unit.confusable : Normalizer.Unit.nativeLatin
                let offset = ScalarFoldTable.poolOffset(of: entry)
                for poolIndex in offset..<(offset + ScalarFoldTable.poolCount(of: entry)) {
                    let output = table.pool[poolIndex]
                    if output < 0x80 {
                        let byte = UInt8(truncatingIfNeeded: output)
                        appendASCII(byte, kind: asciiKinds[Int(byte)], start: index, end: end, flags: flags)
                    } else {
                        appendScalar(output, start: index, end: end, flags: 0)
                    }
                }
            }
            index = end
        }
    }

    /// Decodes the scalar starting at `index`; a malformed sequence (impossible in a `String`) reads as U+FFFD.
    @inline(__always)
    static func decode(
        _ utf8: UnsafeBufferPointer<UInt8>,
        at index: Int,
        lead: UInt8
    ) -> (value: UInt32, length: Int) {
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= utf8.count else { return (0xFFFD, 1) }
        var value = UInt32(lead) & (0x7F >> UInt32(length))
        for offset in 1..<length {
            let continuation = utf8[index + offset]
            guard continuation & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        return (value, length)
    }

    @inline(__always)
    private mutating func appendASCII(_ byte: UInt8, kind: Normalizer.UnitKind, start: Int, end: Int, flags: UInt8) {
        var output = byte
        if kind == .letter {
            output |= 0x20
        }
        append(
            Normalizer.Unit(
                bytes: UInt32(output),
                start: Int32(truncatingIfNeeded: start),
                end: Int32(truncatingIfNeeded: end),
                kind: kind,
                count: 1,
                flags: kind == .letter ? flags : 0
            )
        )
    }

    /// Appends a non-ASCII output scalar: `€` is a symbol, anything else the table kept is a letter.
    private mutating func appendScalar(_ value: UInt32, start: Int, end: Int, flags: UInt8) {
        let (packed, count) = Self.pack(value)
        append(
            Normalizer.Unit(
                bytes: packed,
                start: Int32(truncatingIfNeeded: start),
                end: Int32(truncatingIfNeeded: end),
                kind: value == 0x20AC ? .symbol : .letter,
                count: UInt8(count),
                flags: flags
            )
        )
    }

    /// The UTF-8 bytes of scalar `value` (at least U+0080) packed first byte lowest, and their count.
    @inline(__always)
    static func pack(_ value: UInt32) -> (packed: UInt32, count: Int) {
        if value < 0x800 {
            return ((0xC0 | value >> 6) | (0x80 | value & 0x3F) << 8, 2)
        }
        if value < 0x1_0000 {
            return ((0xE0 | value >> 12) | (0x80 | (value >> 6) & 0x3F) << 8 | (0x80 | value & 0x3F) << 16, 3)
        }
        let high = (0xF0 | value >> 18) | (0x80 | (value >> 12) & 0x3F) << 8
        return (high | (0x80 | (value >> 6) & 0x3F) << 16 | (0x80 | value & 0x3F) << 24, 4)
    }
}
