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
        var scratch = RuleSet.Scratch()
        appendResult(forLine: line, lineNumber: lineNumber, to: &writer, scratch: &scratch)
    }

    /// Appends the result line for `line`, scoring in the buffers of `scratch`.
    func appendResult(
        forLine line: UnsafeBufferPointer<UInt8>,
        lineNumber: Int,
        to writer: inout JSONLineWriter,
        scratch: inout RuleSet.Scratch
    ) {
        let fields: JSONLineParser.Fields
        switch JSONLineParser.parse(line) {
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
        guard case .string(let text)? = fields.text else {
            Self.appendError(
                fields.text == nil ? "missing \"text\"" : "\"text\" must be a string",
                id: id,
                lineNumber: lineNumber,
                to: &writer
            )
            return
        }
        var title = ""
        switch fields.title {
        case nil, .null?: break
        case .string(let value)?: title = value
        default:
            Self.appendError("\"title\" must be a string", id: id, lineNumber: lineNumber, to: &writer)
            return
        }
        var language: String?
        if case .string(let value)? = fields.lang { language = value }

        let result = ruleSet.score(ScoredPost(title: title, text: text, language: language), scratch: &scratch)
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
        case .null, .other: writer.raw("null")  // never reached: such ids are handled before
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
