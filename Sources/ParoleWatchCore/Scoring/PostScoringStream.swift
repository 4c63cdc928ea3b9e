import Foundation

/// `score --jsonl`: one JSON object per input line (`id`, optional `title`, `text`, optional `lang`; other keys
/// ignored) → one result line, in order. A bad line gives an error line and the stream goes on.
///
/// Lines are read with ``JSONLineParser`` and results written with ``JSONLineWriter``: the same text that
/// `JSONSerialization` gave, without building Foundation objects. The rare line that parser leaves undecided (an
/// `id` that is an array, an object or an unusual number; an exponent; very deep nesting) goes through
/// `JSONSerialization` as before.
public struct PostScoringStream: Sendable {
    let ruleSet: RuleSet

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    /// The output line for input line number `lineNumber` (1-based), without a line break.
    public func resultLine(for line: String, lineNumber: Int) -> String {
        var writer = JSONLineWriter()
        var line = line
        line.withUTF8 { appendResult(forLine: $0, lineNumber: lineNumber, to: &writer) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Whether `line` is skipped: empty or only whitespace (`Character.isWhitespace`, as `score --jsonl` always did).
    public static func isBlank(_ line: String) -> Bool {
        var line = line
        let hasVisibleASCII = line.withUTF8 { utf8 in
            // An ASCII byte that is not whitespace starts a character that is not whitespace.
            utf8.contains { $0 < 0x80 && !(0x09...0x0D).contains($0) && $0 != 0x20 }
        }
        return hasVisibleASCII ? false : line.allSatisfy(\.isWhitespace)
    }

    /// Appends the result line for `line` (no line break), without a line break. Invalid UTF-8 in it is repaired
    /// where a string is read, which gives what reading a repaired copy of the line gives.
    func appendResult(forLine line: UnsafeBufferPointer<UInt8>, lineNumber: Int, to writer: inout JSONLineWriter) {
        var scratch = LineScratch()
        appendResult(forLine: line, lineNumber: lineNumber, to: &writer, scratch: &scratch)
    }

    /// Buffers one thread keeps from line to line: the scoring buffers, and the bytes of decoded strings.
    struct LineScratch {
        var scoring = RuleSet.Scratch()
        /// A `title` or `text` with escapes, decoded (``JSONLineParser/Value/decoded(_:)``).
        var decodedStrings: [UInt8]? = []
    }

    /// Appends the result line for `line`, in the buffers of `scratch`.
    func appendResult(
        forLine line: UnsafeBufferPointer<UInt8>,
        lineNumber: Int,
        to writer: inout JSONLineWriter,
        scratch: inout LineScratch
    ) {
        scratch.decodedStrings?.removeAll(keepingCapacity: true)
        let fields: JSONLineParser.Fields
        switch JSONLineParser.parse(line, decodingInto: &scratch.decodedStrings) {
        case .object(let object):
            fields = object
        case .notObject:
            Self.appendError(
                "expected a JSON object with \"id\" and \"text\"",
                id: nil,
                lineNumber: lineNumber,
                to: &writer
            )
            return
        case .invalid:
            Self.appendError("not valid JSON", id: nil, lineNumber: lineNumber, to: &writer)
            return
        case .undecided:
            writer.raw(foundationResultLine(for: String(decoding: line, as: UTF8.self), lineNumber: lineNumber).utf8)
            return
        }
        let id: JSONLineParser.Value
        switch fields.id {
        case nil, .null?:
            Self.appendError("missing \"id\"", id: nil, lineNumber: lineNumber, to: &writer)
            return
        case .other?:
            // An array, object or unusual number: echo it exactly as Foundation re-encodes it.
            writer.raw(foundationResultLine(for: String(decoding: line, as: UTF8.self), lineNumber: lineNumber).utf8)
            return
        case let value?:
            id = value
        }
        guard let text = fields.text, text.isString else {
            Self.appendError(
                fields.text == nil ? "missing \"text\"" : "\"text\" must be a string",
                id: id,
                lineNumber: lineNumber,
                to: &writer
            )
            return
        }
        var title = JSONLineParser.Value.string("")
        if let value = fields.title, value != .null {
            guard value.isString else {
                Self.appendError("\"title\" must be a string", id: id, lineNumber: lineNumber, to: &writer)
                return
            }
            title = value
        }
        var language: String?
        if case .string(let value)? = fields.lang { language = value }

        let decoded = scratch.decodedStrings ?? []
        scratch.decodedStrings = nil
        defer { scratch.decodedStrings = decoded }
        let result = decoded.withUnsafeBufferPointer { decoded in
            if let titleBytes = Self.validUTF8(of: title, in: line, decoded: decoded),
                let textBytes = Self.validUTF8(of: text, in: line, decoded: decoded)
            {
                // As a rule: both fields read where they are, in the line or decoded.
                return ruleSet.score(
                    RuleSet.PostBytes(title: titleBytes, text: textBytes, language: language),
                    scratch: &scratch.scoring
                )
            }
            let post = ScoredPost(
                title: Self.string(of: title, in: line, decoded: decoded),
                text: Self.string(of: text, in: line, decoded: decoded),
                language: language
            )
            return ruleSet.score(post, scratch: &scratch.scoring)
        }
        writer.raw("{\"alert\":")
        writer.bool(result.isAlert)
        writer.raw(",\"id\":")
        Self.append(id, to: &writer)
        writer.raw(",\"rules\":[")
        for (index, rule) in result.rules.enumerated() {
            writer.raw(index == 0 ? "{\"end\":" : ",{\"end\":")
            writer.integer(rule.end)
            writer.raw(",\"field\":")
            writer.string(rule.field.rawValue)
            writer.raw(",\"id\":")
            writer.string(rule.id)
            writer.raw(",\"match\":")
            writer.string(rule.match)
            writer.raw(",\"start\":")
            writer.integer(rule.start)
            writer.raw(",\"weight\":")
            writer.number(ScoreResult.rounded(rule.weight))
            writer.raw("}")
        }
        writer.raw("],\"score\":")
        writer.number(ScoreResult.rounded(result.score))
        writer.raw("}")
    }

    /// The bytes of a string `value` of `line` (its decoded strings in `decoded`) when they are valid UTF-8.
    private static func validUTF8(
        of value: JSONLineParser.Value,
        in line: UnsafeBufferPointer<UInt8>,
        decoded: UnsafeBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8>? {
        switch value {
        case .bytes(let range):
            let bytes = UnsafeBufferPointer(rebasing: line[range])
            return isValidUTF8(bytes) ? bytes : nil
        case .decoded(let range):
            let bytes = UnsafeBufferPointer(rebasing: decoded[range])
            return isValidUTF8(bytes) ? bytes : nil
        case .string(let string):
            return string.isEmpty ? UnsafeBufferPointer(start: nil, count: 0) : nil
        case .null, .bool, .integer, .other:
            return nil
        }
    }

    /// A string `value` of `line` as a string, invalid UTF-8 repaired (what a repaired copy of the line would give).
    private static func string(
        of value: JSONLineParser.Value,
        in line: UnsafeBufferPointer<UInt8>,
        decoded: UnsafeBufferPointer<UInt8>
    ) -> String {
        switch value {
        case .bytes(let range): String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        case .decoded(let range): String(decoding: UnsafeBufferPointer(rebasing: decoded[range]), as: UTF8.self)
        case .string(let string): string
        case .null, .bool, .integer, .other: ""
        }
    }

    /// Whether `bytes` is well-formed UTF-8 (what `String(decoding:as:)` keeps unchanged).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time.
            if index + 8 <= count, let base = bytes.baseAddress,
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// `{"error":…,"id":…}`, or `{"error":…,"line":…}` when the line has no usable id.
    private static func appendError(
        _ message: String,
        id: JSONLineParser.Value?,
        lineNumber: Int,
        to writer: inout JSONLineWriter
    ) {
        writer.raw("{\"error\":")
        writer.string(message)
        if let id {
            writer.raw(",\"id\":")
            append(id, to: &writer)
        } else {
            writer.raw(",\"line\":")
            writer.integer(lineNumber)
        }
        writer.raw("}")
    }

    private static func append(_ id: JSONLineParser.Value, to writer: inout JSONLineWriter) {
        switch id {
        case .string(let value): writer.string(value)
        case .bool(let value): writer.bool(value)
        case .integer(let value): writer.integer(value)
        case .null, .other, .bytes, .decoded: writer.raw("null")  // never reached: such ids are handled before
        }
    }

    /// The result line as computed through `JSONSerialization` (the reference behaviour), for lines
    /// ``JSONLineParser`` leaves undecided.
    func foundationResultLine(for line: String, lineNumber: Int) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) else {
            return JSONLine.encode(["line": lineNumber, "error": "not valid JSON"])
        }
        guard let post = object as? [String: Any] else {
            return JSONLine.encode(["line": lineNumber, "error": "expected a JSON object with \"id\" and \"text\""])
        }
        let id = post["id"].flatMap { $0 is NSNull ? nil : $0 }
        func failure(_ message: String) -> String {
            if let id { return JSONLine.encode(["id": id, "error": message]) }
            return JSONLine.encode(["line": lineNumber, "error": message])
        }
        guard id != nil else { return failure("missing \"id\"") }
        guard let text = post["text"] as? String else {
            return failure(post["text"] == nil ? "missing \"text\"" : "\"text\" must be a string")
        }
        let title = post["title"] as? String ?? ""
        if let title = post["title"], !(title is String), !(title is NSNull) {
            return failure("\"title\" must be a string")
        }
        let result = ruleSet.score(ScoredPost(title: title, text: text, language: post["lang"] as? String))
        return JSONLine.encode([
            "id": id as Any, "score": ScoreResult.rounded(result.score), "alert": result.isAlert,
            "rules": result.ruleObjects(includeDescription: false),
        ])
    }
}
