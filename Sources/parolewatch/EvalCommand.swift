import ArgumentParser
import Foundation
import ParoleWatchCore

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the detector on a labeled corpus: precision, recall, F1, confusion, misses.",
        discussion: "Corpus: JSON lines {id, lang, label, kind, title, text}; label claim = alert expected.\nExit status: 0 evaluated · 1 unreadable corpus · 78 bad model."
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "The labeled corpus (JSON lines).")
    var corpus: String

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let ruleSet = try modelOptions.load()
        let posts: [LabeledPost]
        do {
            posts = try LabeledCorpus.load(from: URL(fileURLWithPath: corpus))
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        let evaluation = Evaluation(ruleSet: ruleSet, posts: posts)
        Output.standardOutput.write(json ? JSONLine.encode(evaluation.jsonObject(), pretty: true) + "\n" : evaluation.text())
    }
}
