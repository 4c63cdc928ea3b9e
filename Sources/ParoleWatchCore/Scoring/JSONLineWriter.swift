/// Writes `score --jsonl` result lines straight into a byte buffer, with exactly the text `JSONSerialization`
/// (sorted keys, unescaped slashes) writes for the same values, so the output is byte-for-byte what it was.
///
/// Strings escape `"`, `\` and the control characters below U+0020 (`\b \f \n \r \t`, else `\u00xx` in lowercase
/// hex) and nothing else (RFC 8259); numbers are written as Foundation writes a `Double` or an `Int`.
///
/// The buffer is the writer's own memory (the writer cannot be copied), so the many small writes of a result line
/// are stores, without the uniqueness check every append to an array makes.
struct JSONLineWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far (a copy).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// One byte.
    @inline(__always)
    mutating func byte(_ value: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = value
        count += 1
    }

    mutating func raw(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func raw<C: Collection<UInt8>>(_ text: C) {
        if count + text.count > capacity { grow(toHold: count + text.count) }
        for value in text {
            base[count] = value
            count += 1
        }
    }

    /// The bytes of `buffer`.
    @inline(__always)
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress else { return }
        if count + buffer.count > capacity { grow(toHold: count + buffer.count) }
        (base + count).update(from: source, count: buffer.count)
        count += buffer.count
    }

    private mutating func grow(toHold needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// A JSON string.
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(utf8: $0) }
    }

    /// A JSON string from valid UTF-8 bytes.
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { append(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
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
                self.byte(Self.hexDigits[Int(byte >> 4)])
                self.byte(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        if runStart < utf8.count { append(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        byte(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// An integer.
    mutating func integer<T: BinaryInteger>(_ value: T) {
        if value >= 0 && value < 10 {
            byte(UInt8(ascii: "0") + UInt8(value))
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
