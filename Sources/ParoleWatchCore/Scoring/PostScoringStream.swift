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
        guard let text = post["text"] as? String else {
            return failure(post["text"] == nil ? "missing \"text\"" : "\"text\" must be a string")
        }
        if let title = post["title"], !(title is String), !(title is NSNull) {
            return failure("\"title\" must be a string")
        }
        // JSONSerialization (swift-corelibs-foundation) drops a U+FEFF that starts a string value, which would shift
        // every start/end by 3 bytes; JSONDecoder keeps the strings exactly as sent.
        let exact = try? JSONDecoder().decode(ExactFields.self, from: Data(line.utf8))
        let result = ruleSet.score(
            ScoredPost(
                title: exact?.title ?? post["title"] as? String ?? "", text: exact?.text ?? text,
                language: post["lang"] as? String))
        return JSONLine.encode([
            "id": id as Any, "score": ScoreResult.rounded(result.score), "alert": result.isAlert,
            "rules": result.ruleObjects(includeDescription: false),
        ])
    }
}

/// `title` and `text` exactly as sent (each nil when absent or not a string).
private struct ExactFields: Decodable {
    var title: String?
    var text: String?

    enum CodingKeys: String, CodingKey { case title, text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        text = try? container.decodeIfPresent(String.self, forKey: .text)
    }
}
