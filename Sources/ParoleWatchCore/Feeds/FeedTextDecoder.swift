/// Turns a feed body in any supported encoding into valid UTF-8 bytes.
///
/// Precedence: byte-order mark, then the HTTP `charset` hint, then the XML declaration's `encoding=`, then
/// UTF-8. ISO-8859-1 is read as windows-1252 (bytes 0x80–0x9F become the characters publishers meant, as
/// browsers and feedparser do). Invalid UTF-8 becomes U+FFFD with one warning. Linear in input size.
struct FeedTextDecoder {
    enum Encoding: Equatable {
        case utf8, utf16LE, utf16BE, windows1252, ascii
    }

    /// The UTF-8 bytes, without any byte-order mark.
    private(set) var utf8: [UInt8] = []
    /// Problems worth a warning (unknown encoding, invalid bytes).
    private(set) var warnings: [String] = []
    /// The encoding the bytes were read as.
    private(set) var encoding: Encoding = .utf8

    init(_ bytes: [UInt8], contentType: String?) {
        var start = 0
        var chosen: Encoding?
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            chosen = .utf8
            start = 3
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            chosen = .utf16LE
            start = 2
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            chosen = .utf16BE
            start = 2
        } else if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            chosen = .utf16LE
        } else if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            chosen = .utf16BE
        }
        // Without a BOM or the UTF-16 pattern above, two leading non-zero bytes mean an 8-bit encoding,
        // whatever a label claims (servers and re-encoding tools often leave a stale "UTF-16" behind).
        let isEightBit = bytes.count >= 2 && bytes[0] != 0 && bytes[1] != 0
        if chosen == nil, let hint = contentType.flatMap(Self.charset(inContentType:)) {
            if let named = Self.encoding(named: hint) {
                if isEightBit && (named == .utf16BE || named == .utf16LE) {
                    warnings.append("Content-Type says charset \"\(hint)\" but the body is 8-bit; ignored the charset")
                } else {
                    chosen = named
                }
            } else {
                warnings.append("unknown charset \"\(hint.prefix(40))\" in Content-Type; ignored")
            }
        }
        if chosen == nil, let declared = Self.declaredEncoding(bytes) {
            if let named = Self.encoding(named: declared) {
                if named == .utf16BE || named == .utf16LE {
                    warnings.append("the XML declaration says \"\(declared)\" but the document is 8-bit; read as UTF-8")
                } else {
                    chosen = named
                }
            } else {
                warnings.append(
                    "unknown encoding \"\(declared.prefix(40))\" in the XML declaration at line 1; read as UTF-8"
                )
            }
        }
        encoding = chosen ?? .utf8
        switch encoding {
        case .utf8: decodeUTF8(bytes, from: start)
        case .utf16LE: decodeUTF16(bytes, from: start, bigEndian: false)
        case .utf16BE: decodeUTF16(bytes, from: start, bigEndian: true)
        case .windows1252, .ascii: decodeWindows1252(bytes, from: start)
        }
    }

    /// Maps an IANA charset label to an encoding we read; nil for unsupported labels.
    static func encoding(named label: String) -> Encoding? {
        switch label.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": .utf8
        case "utf-16le": .utf16LE
        case "utf-16be", "utf-16": .utf16BE
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "cp819", "ibm819",
            "windows-1252", "cp1252", "x-cp1252", "iso-8859-15", "iso8859-15", "latin-9":
            .windows1252
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us": .ascii
        default: nil
        }
    }

    private static func charset(inContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmedWhitespace().lowercased() == "charset" else { continue }
            let value = String(pair[1]).trimmedWhitespace().filter { $0 != "\"" && $0 != "'" }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Reads `encoding="…"` from an ASCII-compatible XML declaration at the very start.
    private static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let end = min(bytes.count, 512)
        guard let close = bytes[0..<end].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = Array(bytes[0..<close])
        let key = Array("encoding".utf8)
        guard
            let start = (0..<max(0, declaration.count - key.count + 1)).first(where: {
                declaration[$0..<($0 + key.count)].elementsEqual(key)
            })
        else { return nil }
        var rest = String(decoding: declaration[(start + key.count)...], as: UTF8.self)[...]
        rest = rest.drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        let value = rest.prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    private mutating func decodeUTF8(_ bytes: [UInt8], from start: Int) {
        // Fast path: valid UTF-8 is copied as is.
        var invalidCount = 0
        var firstInvalidLine = 0
        var output: [UInt8] = []
        var isValid = true
        var sawMultibyte = false
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length = Self.sequenceLength(bytes, at: i)
            if length > 0 {
                sawMultibyte = true
                i += length
                continue
            }
            if isValid {
                isValid = false
                output.reserveCapacity(n + 16)
                output.append(contentsOf: bytes[start..<i])
            }
            break
        }
        if isValid {
            utf8 = start == 0 ? bytes : Array(bytes[start...])
            return
        }
        var line = 1 + bytes[start..<i].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1 }
                output.append(b)
                i += 1
                continue
            }
            let length = Self.sequenceLength(bytes, at: i)
            if length > 0 {
                sawMultibyte = true
                output.append(contentsOf: bytes[i..<(i + length)])
                i += length
            } else {
                if invalidCount == 0 { firstInvalidLine = line }
                invalidCount += 1
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
        if !sawMultibyte {
            // Not one valid multi-byte sequence: this is 8-bit text (almost always latin-1/windows-1252)
            // mislabeled as UTF-8. Read it as such, as feedparser and browsers do, rather than lose letters.
            encoding = .windows1252
            decodeWindows1252(bytes, from: start)
            warnings.append(
                "document is not valid UTF-8 (first bad byte at line \(firstInvalidLine)) and has no multi-byte "
                    + "UTF-8 at all; read it as windows-1252"
            )
            return
        }
        utf8 = output
        warnings.append(
            "invalid UTF-8: \(invalidCount) byte\(invalidCount == 1 ? "" : "s") replaced with U+FFFD, "
                + "first at line \(firstInvalidLine)"
        )
    }

    /// Length of the well-formed UTF-8 sequence at `i`, or 0 when it is malformed.
    private static func sequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let n = bytes.count
        let b0 = bytes[i]
        func continuation(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(1), continuation(2) else { return 0 }
            let b1 = bytes[i + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }
            if b0 == 0xED && b1 > 0x9F { return 0 }
            return 3
        case 0xF0...0xF4:
            guard continuation(1), continuation(2), continuation(3) else { return 0 }
            let b1 = bytes[i + 1]
            if b0 == 0xF0 && b1 < 0x90 { return 0 }
            if b0 == 0xF4 && b1 > 0x8F { return 0 }
            return 4
        default:
            return 0
        }
    }

    private mutating func decodeUTF16(_ bytes: [UInt8], from start: Int, bigEndian: Bool) {
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var i = start
        while i + 1 < bytes.count {
            let hi = bigEndian ? bytes[i] : bytes[i + 1]
            let lo = bigEndian ? bytes[i + 1] : bytes[i]
            units.append(UInt16(hi) << 8 | UInt16(lo))
            i += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count + units.count / 2)
        var replaced = 0
        var k = 0
        while k < units.count {
            let unit = units[k]
            var value = UInt32(unit)
            k += 1
            if unit >= 0xD800 && unit <= 0xDBFF, k < units.count, units[k] >= 0xDC00 && units[k] <= 0xDFFF {
                value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(units[k]) - 0xDC00)
                k += 1
            }
            if let scalar = Unicode.Scalar(value) {
                Self.appendUTF8(scalar, to: &output)
            } else {
                replaced += 1
                Self.appendUTF8("\u{FFFD}", to: &output)
            }
        }
        if replaced > 0 { warnings.append("invalid UTF-16: \(replaced) code units replaced with U+FFFD") }
        if (bytes.count - start) % 2 == 1 { warnings.append("UTF-16 document has an odd number of bytes") }
        utf8 = output
    }

    private mutating func decodeWindows1252(_ bytes: [UInt8], from start: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var sawHighBytes = false
        for b in bytes[start...] {
            if b < 0x80 {
                output.append(b)
                continue
            }
            sawHighBytes = true
            let scalar: UInt32 = b < 0xA0 ? UInt32(Self.windows1252High[Int(b) - 0x80]) : UInt32(b)
            Self.appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &output)
        }
        if encoding == .ascii && sawHighBytes {
            warnings.append("document declared US-ASCII contains bytes above 0x7F; read them as windows-1252")
        }
        utf8 = output
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            output.append(UInt8(v))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (v >> 6)))
            output.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (v >> 12)))
            output.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (v & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (v >> 18)))
            output.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// windows-1252 code points for bytes 0x80–0x9F; the five undefined bytes keep their C1 code point.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
