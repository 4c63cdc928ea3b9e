import Foundation
import ParoleWatchCore

/// `score-jsonl`: the input is a `score --jsonl` stream. Every line's result must be one line of valid JSON,
/// and every rule it reports must point at the bytes it quotes: `match` is exactly `start..<end` of its field.
/// The raw input is also scored as one post's text, with the same check on the `ScoreResult` itself.
enum ScoreTarget {
    /// The shipped model, `config/model.yaml` (run from the repository root), or `PAROLEWATCH_FUZZ_MODEL`.
    static let ruleSet: RuleSet = {
        let path = ProcessInfo.processInfo.environment["PAROLEWATCH_FUZZ_MODEL"] ?? "config/model.yaml"
        do {
            return try ModelLoader.load(from: URL(fileURLWithPath: path))
        } catch {
            fatalError("cannot load the model \(path): \(error)")
        }
    }()

    static func jsonl(_ bytes: [UInt8]?) -> Int32 {
        guard let bytes else { return -1 }
        let stream = PostScoringStream(ruleSet: ruleSet)
        for (index, rawLine) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            // As `readLine(strippingNewline: true)` reads it: without "\n" or "\r\n", invalid UTF-8 repaired.
            let lineBytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            let line = String(decoding: lineBytes, as: UTF8.self)
            if line.allSatisfy(\.isWhitespace) { continue }
            let output = stream.resultLine(for: line, lineNumber: index + 1)
            checkLine(output, for: line)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        checkResult(ruleSet.score(ScoredPost(title: "", text: text)), title: "", text: text)
        return 0
    }

    /// The output is one JSON object on one line; its rules quote their fields exactly.
    private static func checkLine(_ output: String, for line: String) {
        check(!output.contains("\n"), "result line has a line break: \(output)")
        guard let result = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            check(false, "result is not a JSON object: \(output)")
            return
        }
        guard let rules = result["rules"] as? [[String: Any]] else {
            check(result["error"] is String, "result has neither rules nor an error: \(output)")
            return
        }
        // The fields as a client sees them: JSONDecoder, not JSONSerialization, which drops a leading U+FEFF.
        // A repeated title or text key is read as the last value by the stream (as JSONSerialization reads it) but
        // as the first by JSONDecoder: such lines are left out of the offset check.
        guard line.components(separatedBy: "\"text\"").count <= 2, line.components(separatedBy: "\"title\"").count <= 2
        else { return }
        let fields: [String: String]
        if let sent = try? JSONDecoder().decode(SentFields.self, from: Data(line.utf8)) {
            fields = ["title": sent.title ?? "", "text": sent.text ?? ""]
        } else if let post = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
            fields = ["title": post["title"] as? String ?? "", "text": post["text"] as? String ?? ""]
        } else {
            check(false, "rules for a line that is not a JSON object: \(line) → \(output)")
            return
        }
        for rule in rules {
            guard let name = rule["field"] as? String, let field = fields[name], let start = rule["start"] as? Int,
                let end = rule["end"] as? Int, let match = rule["match"] as? String
            else {
                check(false, "rule without field, start, end or match: \(rule)")
                return
            }
            checkSlice(field, start, end, match, rule: rule["id"] as? String ?? "?")
        }
    }

    private static func checkResult(_ result: ScoreResult, title: String, text: String) {
        check(result.score.isFinite, "score \(result.score)")
        for rule in result.rules {
            checkSlice(rule.field == .title ? title : text, rule.start, rule.end, rule.match, rule: rule.id)
        }
    }

    private static func checkSlice(_ field: String, _ start: Int, _ end: Int, _ match: String, rule: String) {
        let utf8 = Array(field.utf8)
        check(
            0 <= start && start <= end && end <= utf8.count,
            "\(rule): range \(start)..<\(end) outside a \(utf8.count)-byte field")
        check(
            Array(utf8[start..<end]) == Array(match.utf8),
            "\(rule): match \(String(reflecting: match)) is not bytes \(start)..<\(end) of the field "
                + String(reflecting: String(decoding: utf8[start..<end], as: UTF8.self)))
    }
}

/// A post's `title` and `text` as sent (nil when absent or not a string).
private struct SentFields: Decodable {
    var title: String?
    var text: String?

    enum CodingKeys: String, CodingKey { case title, text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        text = try? container.decodeIfPresent(String.self, forKey: .text)
    }
}
