/// Writes `score --jsonl` result lines straight into a byte buffer, with exactly the text `JSONSerialization`
/// (sorted keys, unescaped slashes) writes for the same values, so the output is byte-for-byte what it was.
///
/// Strings escape `"`, `\` and the control characters below U+0020 (`\b \f \n \r \t`, else `\u00xx` in lowercase
/// hex) and nothing else (RFC 8259); numbers are written as Foundation writes a `Double` or an `Int`.
struct JSONLineWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func raw<C: Collection<UInt8>>(_ text: C) {
        bytes.append(contentsOf: text)
    }

    /// A JSON string.
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(utf8: $0) }
    }

    /// A JSON string from valid UTF-8 bytes.
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            default:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// An integer.
    mutating func integer<T: BinaryInteger>(_ value: T) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            raw(String(value).utf8)
        }
    }

    /// A finite `Double` as Foundation writes it: the shortest text that reads back as the same value, without a
    /// trailing `.0` (`4.5`, `0.675`, `3`, `-2.5`, `1e-05`); a non-finite value (never produced) as `null`.
    mutating func number(_ value: Double) {
        guard value.isFinite else {
            raw("null")
            return
        }
        if value == 0 && value.sign == .minus {
            raw("-0")  // as JSONSerialization writes negative zero (a score rounded from a tiny negative sum)
            return
        }
        if value == value.rounded(.towardZero) && abs(value) < 1e15 {
            integer(Int64(value))
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        raw(text.utf8)
    }

    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }
}
