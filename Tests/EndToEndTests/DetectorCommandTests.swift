import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// `score`, `eval` and `train` through the real binary and the shipped model.
@Suite("Detector commands, through the real binary")
struct DetectorCommandTests {
    static let model = Repository.root.appendingPathComponent("config/model.yaml").path
    static let fixtures = Repository.root.appendingPathComponent("Tests/ParoleWatchCoreTests/Fixtures/scoring")

    @Test("score TEXT prints the verdict and each rule with what it matched")
    func scoreText() throws {
        let result = try ParoleWatchBinary.run(["score", "--model", Self.model, "Reabren el parole humanitario!!"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("ALERT: score"))
        #expect(result.standardOutput.contains("REOPENING_CLAIM text[0..<17] \"Reabren el parole\""))
    }

    @Test("score - reads standard input; --json prints one document")
    func scoreStdinJSON() throws {
        let result = try ParoleWatchBinary.run(["score", "--model", Self.model, "--json", "-"], input: "Es falso que reabren el parole")
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(document["alert"] as? Bool == false)
        #expect(document["threshold"] as? Double != nil)
        let rules = try #require(document["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "DEBUNK_VERDICT" && $0["description"] is String })
    }

    @Test("score --jsonl answers every line in order; a bad line gets an error line and the stream goes on")
    func scoreJSONLines() throws {
        let input = [
            #"{"id":"a","text":"Reabren el parole humanitario"}"#,
            #"not json"#,
            #"{"id":7,"title":"Pwogram parol la relouvri","text":"pataje"}"#,
            #"{"text":"no id"}"#,
            #"{"id":"b","text":42}"#,
            #"{"id":"c","text":"receta de frijoles","extra":{"nested":[1,2]}}"#,
        ].joined(separator: "\n") + "\n"
        let result = try ParoleWatchBinary.run(["score", "--jsonl", "--model", Self.model], input: input)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
        }
        #expect(lines.count == 6)
        #expect(lines[0]["id"] as? String == "a" && lines[0]["alert"] as? Bool == true)
        #expect(lines[1]["line"] as? Int == 2 && lines[1]["error"] is String)
        #expect(lines[2]["id"] as? Int == 7 && lines[2]["alert"] as? Bool == true)
        let titleRule = try #require((lines[2]["rules"] as? [[String: Any]])?.first)
        #expect(titleRule["field"] as? String == "title")
        #expect(lines[3]["line"] as? Int == 4 && lines[3]["error"] is String)
        #expect(lines[4]["id"] as? String == "b" && lines[4]["error"] is String)
        #expect(lines[5]["id"] as? String == "c" && lines[5]["alert"] as? Bool == false)
    }

    @Test("score --jsonl: start/end are UTF-8 byte offsets and match is exactly that slice")
    func jsonlOffsets() throws {
        let text = "🚨 Re\u{200B}abren el pa\u{200B}role humanitario!! $300 por Zelle"
        let line = String(decoding: try JSONSerialization.data(withJSONObject: ["id": "x", "text": text]), as: UTF8.self)
        let result = try ParoleWatchBinary.run(["score", "--jsonl", "--model", Self.model], input: line + "\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        let bytes = Array(text.utf8)
        for rule in rules {
            let start = try #require(rule["start"] as? Int)
            let end = try #require(rule["end"] as? Int)
            #expect(String(decoding: bytes[start..<end], as: UTF8.self) == rule["match"] as? String)
        }
    }

    @Test("eval reports precision, recall, F1, confusion by label, language and kind, and the misses")
    func evalCommand() throws {
        let corpus = Self.fixtures.appendingPathComponent("small-corpus.jsonl").path
        let result = try ParoleWatchBinary.run(["eval", "--model", Self.model, "--corpus", corpus, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let overall = try #require(document["overall"] as? [String: Any])
        #expect(overall["posts"] as? Int == 22)
        #expect((overall["precision"] as? Double ?? 0) > 0.8)
        #expect((document["by_label"] as? [String: Any])?.keys.sorted() == ["claim", "debunk", "news", "other"])
        #expect((document["by_language"] as? [String: Any])?["ht"] != nil)
        #expect((document["by_kind"] as? [String: Any])?["obf-leet"] != nil)
        #expect(document["misses"] is [Any])
    }

    @Test("train reports cross-validated figures and, with --write, rewrites only the numbers")
    func trainCommand() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let model = folder.path("model.yaml")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("model-small.yaml"), to: model)
        let corpus = Self.fixtures.appendingPathComponent("small-corpus.jsonl").path
        let before = try String(contentsOf: model, encoding: .utf8)

        let dry = try ParoleWatchBinary.run(["train", "--model", model.path, "--corpus", corpus, "--folds", "4"])
        #expect(dry.status == 0, "\(dry.standardError)")
        #expect(dry.standardOutput.contains("4-fold cross-validation: precision"))
        #expect(try String(contentsOf: model, encoding: .utf8) == before)

        let written = try ParoleWatchBinary.run(["train", "--model", model.path, "--corpus", corpus, "--write"])
        #expect(written.status == 0)
        let after = try String(contentsOf: model, encoding: .utf8)
        #expect(after != before)
        #expect(after.contains("# The main claim."))
        // The rewritten model still loads and its weights respect the signs.
        let reloaded = try ParoleWatchBinary.run(["score", "--model", model.path, "reabren el parole"])
        #expect(reloaded.status == 0)
    }

    @Test("a broken model stops score with exit 78 and FILE:LINE:COLUMN problems")
    func brokenModel() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("threshold: 1\nrules:\n  - id: X\n    description: x\n    weight: 1\n    near: [NOPE, X2]\n", to: "bad.yaml")
        let result = try ParoleWatchBinary.run(["score", "--model", "bad.yaml", "text"], in: folder.url)
        #expect(result.status == 78)
        #expect(result.standardError.contains("bad.yaml:3:5: rules[0].near: unknown rule 'NOPE'"))
    }
}
