/// Reads one `score --jsonl` input line, a JSON object of which only `id`, `title`, `text` and `lang` matter, straight
/// from its UTF-8 bytes: no intermediate objects, no Foundation.
///
/// It reads JSON the way `JSONSerialization` (with fragments allowed) does on Linux, so a line means the same to
/// both: RFC 8259 values, strings with every escape (`\uXXXX` surrogate pairs must pair up), numbers with no leading
/// zeros, a trailing comma before `]` or `}` tolerated, the last of repeated keys winning. What it cannot decide
/// exactly like Foundation it reports as ``Outcome/undecided`` rather than guess: numbers written with an exponent
/// or very long (Foundation may find them unrepresentable), containers nested deeper than ``maximumDepth``, and a
/// NUL or byte-order mark in the first bytes (Foundation then guesses another encoding).
enum JSONLineParser {
    /// A value of one of the keys that matter.
    enum Value: Sendable, Equatable {
        case string(String)
        /// A `title` or `text` string without escapes: its bytes, `line[range]`, as they are (so scoring reads them
        /// in place). Not checked as UTF-8: ``PostScoringStream`` checks, or repairs a copy.
        case bytes(Range<Int>)
        /// A `title` or `text` string with escapes, decoded into the buffer given to
        /// ``JSONLineParser/parse(_:decodingInto:)``: its bytes there, not checked as UTF-8 either.
        case decoded(Range<Int>)
        case null
        case bool(Bool)
        /// A number written as a plain integer of at most 18 digits.
        case integer(Int64)
        /// Another number, an array or an object: `raw` is its text, as written.
        case other(raw: [UInt8])

        /// Whether the value is a string, in whichever form.
        var isString: Bool {
            switch self {
            case .string, .bytes, .decoded: true
            case .null, .bool, .integer, .other: false
            }
        }
    }

    /// The keys that matter, each as its last occurrence in the object (nil when absent).
    struct Fields: Sendable, Equatable {
        var id: Value?
        var title: Value?
        var text: Value?
        var lang: Value?
    }

    enum Outcome: Sendable, Equatable {
        /// A JSON object.
        case object(Fields)
        /// Valid JSON that is not an object (a string, number, array, …).
        case notObject
        /// Not valid JSON.
        case invalid
        /// Input this reader does not judge; ask Foundation.
        case undecided
    }

    /// Containers nested deeper than this are left to Foundation (whose own limit is 512).
    static let maximumDepth = 64

    /// Reads `line` (UTF-8, without its line break). Strings are decoded as `String(decoding:as:)` does, so invalid
    /// UTF-8 in one is repaired: the same text as in a repaired copy of the line (a string ends at an ASCII `"`,
    /// which no damaged sequence can straddle); invalid UTF-8 outside strings is invalid JSON either way.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> Outcome {
        var unused: [UInt8]?
        return parse(line, decodingInto: &unused)
    }

    /// ``parse(_:)``, with a `title` or `text` that has escapes decoded onto the end of `buffer` and given as
    /// ``Value/decoded(_:)`` (so a caller reading many lines allocates no string for it); nil: as a string.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, decodingInto buffer: inout [UInt8]?) -> Outcome {
        guard !hasEncodingMark(line) else { return .undecided }
        var reader = Reader(bytes: line)
        swap(&reader.decodedStrings, &buffer)
        defer { swap(&reader.decodedStrings, &buffer) }
        do {
            reader.skipWhitespace()
            let outcome: Outcome
            if reader.peek() == UInt8(ascii: "{") {
                outcome = .object(try reader.readObject())
            } else {
                try reader.skipValue(depth: 0)
                outcome = .notObject
            }
            reader.skipWhitespace()
            guard reader.isAtEnd else { return .invalid }
            return outcome
        } catch .invalid {
            return .invalid
        } catch {
            return .undecided
        }
    }

    /// Whether Foundation would read `line` as something other than plain UTF-8: a byte-order mark, or a NUL among
    /// the first four bytes (its UTF-16/UTF-32 guess).
    private static func hasEncodingMark(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if line.count >= 2 && line[0] == 0xEF && line[1] == 0xBB { return true }
        return line.prefix(4).contains(0)
    }

    private enum Stop: Error {
        case invalid
        case undecided
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Decoded string bytes (reused).
        var scratch: [UInt8] = []
        /// Where a kept `title` or `text` with escapes is decoded to (``Value/decoded(_:)``), when given.
        var decodedStrings: [UInt8]?

        var isAtEnd: Bool { position >= bytes.count }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        /// The next byte after whitespace, or invalid at the end.
        mutating func nextSignificant() throws(Stop) -> UInt8 {
            skipWhitespace()
            guard let byte = peek() else { throw .invalid }
            return byte
        }

        mutating func readObject() throws(Stop) -> Fields {
            position += 1  // {
            var fields = Fields()
            if try nextSignificant() == UInt8(ascii: "}") {
                position += 1
                return fields
            }
            while true {
                guard try nextSignificant() == UInt8(ascii: "\"") else { throw .invalid }
                let key = try readKey()
                guard try nextSignificant() == UInt8(ascii: ":") else { throw .invalid }
                position += 1
                _ = try nextSignificant()
                switch key {
                case .id: fields.id = try readValue()
                case .title: fields.title = try readValue(keepingBytes: true)
                case .text: fields.text = try readValue(keepingBytes: true)
                case .lang: fields.lang = try readValue()
                case .ignored: try skipValue(depth: 1)
                }
                switch try nextSignificant() {
                case UInt8(ascii: "}"):
                    position += 1
                    return fields
                case UInt8(ascii: ","):
                    position += 1
                    if try nextSignificant() == UInt8(ascii: "}") {  // trailing comma, as Foundation allows
                        position += 1
                        return fields
                    }
                default:
                    throw .invalid
                }
            }
        }

        enum Key {
            case id, title, text, lang, ignored
        }

        mutating func readKey() throws(Stop) -> Key {
            let start = position + 1
            if try skipString() {
                // Escaped: compare what it decodes to.
                position = start - 1
                try decodeString()
                return Self.key(scratch[...])
            }
            return Self.key(bytes[start..<(position - 1)])
        }

        static func key<C: Collection<UInt8>>(_ name: C) -> Key {
            switch name.count {
            case 2 where name.elementsEqual("id".utf8): .id
            case 4 where name.elementsEqual("text".utf8): .text
            case 4 where name.elementsEqual("lang".utf8): .lang
            case 5 where name.elementsEqual("title".utf8): .title
            default: .ignored
            }
        }

        /// A value of a key that matters, at the current (non-space) byte; a string without escapes as
        /// ``Value/bytes(_:)`` when `keepingBytes`.
        mutating func readValue(keepingBytes: Bool = false) throws(Stop) -> Value {
            guard let byte = peek() else { throw .invalid }
            switch byte {
            case UInt8(ascii: "\""):
                let start = position + 1
                if try skipString() {
                    position = start - 1
                    if keepingBytes, var buffer = decodedStrings {
                        // Decoded straight onto the end of the caller's buffer (in `scratch` for the time being).
                        decodedStrings = nil
                        swap(&scratch, &buffer)
                        defer {
                            swap(&scratch, &buffer)
                            decodedStrings = buffer
                        }
                        let lower = scratch.count
                        try appendDecodedString()
                        return .decoded(lower..<scratch.count)
                    }
                    try decodeString()
                    return .string(String(decoding: scratch, as: UTF8.self))
                }
                if keepingBytes { return .bytes(start..<(position - 1)) }
                return .string(
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
                )
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                let isInteger = try skipNumber()
                let digits = position - start - (byte == UInt8(ascii: "-") ? 1 : 0)
                if isInteger && digits <= 18 {
                    var value: Int64 = 0
                    for digit in bytes[(byte == UInt8(ascii: "-") ? start + 1 : start)..<position] {
                        value = value * 10 + Int64(digit - UInt8(ascii: "0"))
                    }
                    return .integer(byte == UInt8(ascii: "-") ? -value : value)
                }
                return .other(raw: Array(bytes[start..<position]))
            default:
                let start = position
                try skipValue(depth: 1)
                return .other(raw: Array(bytes[start..<position]))
            }
        }

        /// Skips one value at the current (non-space) byte, checking it.
        mutating func skipValue(depth: Int) throws(Stop) {
            guard let byte = peek() else { throw .invalid }
            switch byte {
            case UInt8(ascii: "\""):
                _ = try skipString()
            case UInt8(ascii: "{"):
                try skipContainer(close: UInt8(ascii: "}"), depth: depth + 1, isObject: true)
            case UInt8(ascii: "["):
                try skipContainer(close: UInt8(ascii: "]"), depth: depth + 1, isObject: false)
            case UInt8(ascii: "n"):
                try expect("null")
            case UInt8(ascii: "t"):
                try expect("true")
            case UInt8(ascii: "f"):
                try expect("false")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try skipNumber()
            default:
                throw .invalid
            }
        }

        mutating func skipContainer(close: UInt8, depth: Int, isObject: Bool) throws(Stop) {
            guard depth <= JSONLineParser.maximumDepth else { throw .undecided }
            position += 1
            if try nextSignificant() == close {
                position += 1
                return
            }
            while true {
                if isObject {
                    guard try nextSignificant() == UInt8(ascii: "\"") else { throw .invalid }
                    _ = try skipString()
                    guard try nextSignificant() == UInt8(ascii: ":") else { throw .invalid }
                    position += 1
                }
                _ = try nextSignificant()
                try skipValue(depth: depth)
                switch try nextSignificant() {
                case close:
                    position += 1
                    return
                case UInt8(ascii: ","):
                    position += 1
                    if try nextSignificant() == close {  // trailing comma
                        position += 1
                        return
                    }
                default:
                    throw .invalid
                }
            }
        }

        mutating func expect(_ word: StaticString) throws(Stop) {
            let count = word.utf8CodeUnitCount
            guard bytes.count - position >= count else { throw .invalid }
            for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { throw .invalid }
            position += count
        }

        /// Skips a number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`). Returns whether it is a plain integer.
        /// An exponent, or more than 20 characters, is left to Foundation: it may not represent the value.
        mutating func skipNumber() throws(Stop) -> Bool {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard let first = peek(), Self.isDigit(first) else { throw .invalid }
            position += 1
            if first != UInt8(ascii: "0") {
                while let byte = peek(), Self.isDigit(byte) { position += 1 }
            }
            var isInteger = true
            if peek() == UInt8(ascii: ".") {
                position += 1
                guard let byte = peek(), Self.isDigit(byte) else { throw .invalid }
                while let byte = peek(), Self.isDigit(byte) { position += 1 }
                isInteger = false
            }
            if let byte = peek() {
                switch byte {
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    throw .undecided
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    break
                default:
                    throw .invalid  // "01", "1x", "1.2.3": Foundation stops there too
                }
            }
            guard position - start <= 20 else { throw .undecided }
            return isInteger
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

        /// Whether one of the eight bytes of `word` is `"`, `\` or below 0x20 (the bytes that end a run of plain
        /// string bytes), by the usual bit tricks: `x - 0x01…` borrows into the high bit of a byte exactly where a
        /// byte of `x` is zero (below 0x20 for `x - 0x20…`), unless that byte's own high bit was set.
        @inline(__always)
        static func hasQuoteBackslashOrControl(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5C)
            let zeroByte = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            let controlByte = (word &- ones &* 0x20) & ~word
            return (zeroByte | controlByte) & highBits != 0
        }

        /// Moves past string bytes eight at a time while none of the eight is a quote, a backslash or a control byte.
        private mutating func skipPlainWords() {
            guard let base = bytes.baseAddress else { return }
            while position + 8 <= bytes.count,
                !Self.hasQuoteBackslashOrControl(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            {
                position += 8
            }
        }

        /// Skips the string starting at the current `"`, checking it. Returns whether it has escapes.
        mutating func skipString() throws(Stop) -> Bool {
            position += 1
            var hasEscapes = false
            while position < bytes.count {
                skipPlainWords()
                guard position < bytes.count else { break }
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return hasEscapes
                } else if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    _ = try readEscape()
                } else if byte < 0x20 {
                    throw .invalid
                } else {
                    position += 1
                }
            }
            throw .invalid
        }

        /// Decodes the string starting at the current `"` into `scratch` (UTF-8).
        mutating func decodeString() throws(Stop) {
            scratch.removeAll(keepingCapacity: true)
            try appendDecodedString()
        }

        /// Decodes the string starting at the current `"` onto the end of `scratch`.
        mutating func appendDecodedString() throws(Stop) {
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return
                } else if byte == UInt8(ascii: "\\") {
                    let scalar = try readEscape()
                    if let encoded = UTF8.encode(scalar) { scratch.append(contentsOf: encoded) }
                } else if byte < 0x20 {
                    throw .invalid
                } else {
                    // The run of plain bytes up to the next quote, backslash or control byte, in one copy.
                    let start = position
                    position += 1
                    skipPlainWords()
                    while position < bytes.count {
                        let next = bytes[position]
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next < 0x20 { break }
                        position += 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                }
            }
            throw .invalid
        }

        /// Reads the escape at the current `\`: `\" \\ \/ \b \f \n \r \t \uXXXX` (a high surrogate must be followed by
        /// an escaped low one).
        mutating func readEscape() throws(Stop) -> Unicode.Scalar {
            position += 1
            guard let byte = peek() else { throw .invalid }
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let unit = try readHex()
                if unit & 0xFC00 == 0xD800 {
                    guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw .invalid }
                    position += 2
                    let low = try readHex()
                    guard low & 0xFC00 == 0xDC00 else { throw .invalid }
                    let value = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
                    guard let scalar = Unicode.Scalar(value) else { throw .invalid }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(unit) else { throw .invalid }  // a lone low surrogate
                return scalar
            default:
                throw .invalid
            }
        }

        mutating func readHex() throws(Stop) -> UInt16 {
            guard bytes.count - position >= 4 else { throw .invalid }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw .invalid
                }
                value = value << 4 | UInt16(digit)
                position += 1
            }
            return value
        }
    }
}
