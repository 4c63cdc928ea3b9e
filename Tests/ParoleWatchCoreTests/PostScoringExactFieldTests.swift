import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// `score --jsonl` lines: start/end index the field exactly as the client sent it. Found by the fuzzers' check.
@Suite("score --jsonl fields exactly as sent")
struct PostScoringExactFieldTests {
    static let stream = PostScoringStream(ruleSet: ScorerTests.ruleSet)

    /// The rules of a result line, parsed.
    func rules(_ line: String) throws -> [[String: Any]] {
        let result = Self.stream.resultLine(for: line, lineNumber: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any])
        return try #require(object["rules"] as? [[String: Any]], "\(result)")
    }

    /// Each reported `match` is exactly bytes `start..<end` of the field.
    func expectExactSlices(_ line: String, title: String, text: String) throws {
        let rules = try rules(line)
        #expect(!rules.isEmpty, "the post should fire rules")
        for rule in rules {
            let field = Array((rule["field"] as? String == "title" ? title : text).utf8)
            let start = try #require(rule["start"] as? Int)
            let end = try #require(rule["end"] as? Int)
            try #require(0 <= start && start <= end && end <= field.count, "\(rule)")
            #expect(Array(field[start..<end]) == Array((rule["match"] as? String ?? "").utf8), "\(rule)")
        }
    }

    @Test("a field that starts with a raw U+FEFF keeps it: offsets are not 3 bytes short")
    func leadingByteOrderMark() throws {
        // JSONSerialization drops a U+FEFF at the start of a string value; the offsets were counted without it.
        let title = "\u{FEFF}Reabren el parole humanitario"
        let text = "\u{FEFF}Atención: reabren el parole humanitario la próxima semana"
        let line = #"{"id": "bom", "title": "\#(title)", "text": "\#(text)"}"#
        try expectExactSlices(line, title: title, text: text)
    }

    @Test("an escaped \\ufeff, and a U+FEFF later in the text, were already right")
    func byteOrderMarkElsewhere() throws {
        let text = "\u{FEFF}Atención: reabren el parole humanitario la próxima semana\u{FEFF}"
        let line = #"{"id": 1, "text": "\ufeffAtención: reabren el parole humanitario la próxima semana"# + "\u{FEFF}\"}"
        try expectExactSlices(line, title: "", text: text)
    }

    @Test("a repeated key: title and text are the last value, as JSONSerialization reads them, and the offsets index it")
    func repeatedKey() throws {
        // Found by the fuzzer: a stream that checked one value and scored another gave offsets into the wrong string.
        let text = "\u{FEFF}Reabren el parole humanitario"
        try expectExactSlices(#"{"id": 1, "text": "otra cosa", "text": "\#(text)"}"#, title: "", text: text)
        let line = #"{"id": 1, "text": "\#(text)", "text": 3}"#
        #expect(Self.stream.resultLine(for: line, lineNumber: 1).contains("must be a string"))
    }

    @Test("a title or text that is not a string is still refused")
    func wrongTypes() {
        #expect(Self.stream.resultLine(for: #"{"id": 1, "text": 5}"#, lineNumber: 1).contains("must be a string"))
        #expect(Self.stream.resultLine(for: #"{"id": 1, "text": "x", "title": []}"#, lineNumber: 1).contains("must be a string"))
    }
}
