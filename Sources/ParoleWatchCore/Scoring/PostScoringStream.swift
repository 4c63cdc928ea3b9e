import Foundation

/// `score --jsonl`: one JSON object per input line (`id`, optional `title`, `text`, optional `lang`; other keys
/// ignored) → one result line, in order. A bad line gives an error line and the stream goes on.
public struct PostScoringStream: Sendable {
    let ruleSet: RuleSet

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    /// The output line for input line number `lineNumber` (1-based).
    public func resultLine(for line: String, lineNumber: Int) -> String {
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
        // JSONSerialization (swift-corelibs-foundation) drops a U+FEFF that starts a string value, which would shift
        // every start/end by 3 bytes. So title and text come from JSONDecoder, which keeps strings exactly as sent
        // (and reads the first of repeated keys); from JSONSerialization only if JSONDecoder rejects the line.
        let fields =
            (try? JSONDecoder().decode(PostFields.self, from: Data(line.utf8)))
            ?? PostFields(title: .init(post["title"]), text: .init(post["text"]))
        guard case .string(let text) = fields.text else {
            return failure(fields.text == .absent ? "missing \"text\"" : "\"text\" must be a string")
        }
        let title: String
        switch fields.title {
        case .string(let value): title = value
        case .absent, .null: title = ""
        case .other: return failure("\"title\" must be a string")
        }
        let result = ruleSet.score(ScoredPost(title: title, text: text, language: post["lang"] as? String))
        return JSONLine.encode([
            "id": id as Any, "score": ScoreResult.rounded(result.score), "alert": result.isAlert,
            "rules": result.ruleObjects(includeDescription: false),
        ])
    }
}

/// A post's `title` and `text`, read by JSONDecoder.
private struct PostFields: Decodable {
    enum Value: Equatable {
        case absent, null, string(String), other

        /// A JSONSerialization value.
        init(_ value: Any?) {
            switch value {
            case nil: self = .absent
            case is NSNull: self = .null
            case let string as String: self = .string(string)
            default: self = .other
            }
        }
    }

    enum CodingKeys: String, CodingKey { case title, text }

    var title: Value
    var text: Value

    init(title: Value, text: Value) {
        self.title = title
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) -> Value {
            guard container.contains(key) else { return .absent }
            if (try? container.decodeNil(forKey: key)) == true { return .null }
            if let string = try? container.decode(String.self, forKey: key) { return .string(string) }
            return .other
        }
        title = value(.title)
        text = value(.text)
    }
}
