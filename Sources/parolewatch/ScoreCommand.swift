import ArgumentParser
import Foundation
import ParoleWatchCore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score one post and explain which rules fired (or a stream of posts with --jsonl).",
        discussion: """
            TEXT, or standard input when TEXT is - or absent. With --jsonl, standard input holds one JSON object \
            per line ({"id", "title"?, "text", "lang"?}) and each gets one result line, in order; a bad line gets \
            an error line and the stream goes on. start/end are UTF-8 byte offsets into the original field.
            Exit status: 0 scored (alert or not) · 78 bad model or configuration · 64 bad arguments.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Print one JSON document: {score, threshold, alert, rules:[{id, weight, field, start, end, match, description}]}.")
    var json = false

    @Flag(help: "Read JSON lines on standard input and write one result line per post.")
    var jsonl = false

    @Option(help: "Title of the post (scored as its own field).")
    var title: String = ""

    @Option(help: "Language of the post (es, en, ht, fr, mixed); rules limited to other languages are skipped.")
    var lang: String?

    @Argument(help: "The text to score; - or nothing reads standard input.")
    var text: String?

    func validate() throws {
        if jsonl && (text != nil || json) {
            throw ValidationError("--jsonl reads posts from standard input: give no TEXT and no --json")
        }
    }

    func run() throws {
        let ruleSet = try modelOptions.load()
        if jsonl {
            do {
                try PostScoringStream(ruleSet: ruleSet).run(input: STDIN_FILENO, output: STDOUT_FILENO)
            } catch {
                Output.standardError.write("parolewatch: \(error)\n")
                throw ExitCode(ExitStatus.failure)
            }
            return
        }
        let body: String
        if let text, text != "-" {
            body = text
        } else {
            body = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let result = ruleSet.score(ScoredPost(title: title, text: body, language: lang))
        if json {
            Output.standardOutput.write(JSONLine.encode(result.jsonObject(), pretty: true) + "\n")
        } else {
            Output.standardOutput.write(ScoreText.render(result))
        }
    }
}

/// `score` for a person: the verdict, then each rule with what it matched.
enum ScoreText {
    static func render(_ result: ScoreResult) -> String {
        let verdict = result.isAlert ? "ALERT" : "no alert"
        var lines = [
            "\(verdict): score \(format(result.score)) (threshold \(format(result.threshold)))"
                + (result.isDebunkedPost ? "; read as a debunk or warning" : "")
        ]
        for rule in result.rules {
            let discounted = rule.isDiscounted ? " (inside a debunk scope, from \(format(rule.modelWeight)))" : ""
            lines.append(
                "  \(String(format: "%+6.2f", rule.weight)) \(rule.id) \(rule.field.rawValue)[\(rule.start)..<\(rule.end)] "
                    + "\"\(rule.match)\"\(discounted)")
            lines.append("         \(rule.description)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
