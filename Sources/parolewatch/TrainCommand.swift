import ArgumentParser
import Foundation
import ParoleWatchCore

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the weights of the model's rules and its threshold on a labeled corpus.",
        discussion: """
            L2-regularized logistic regression with sign constraints (claim evidence ≥ 0, debunk evidence ≤ 0), \
            reported with k-fold cross-validated precision and recall. Only the numbers of `threshold:` and the \
            rules' `weight:` lines change in the model file; without --write nothing is written.
            Exit status: 0 trained · 1 unreadable corpus or unwritable model · 78 bad model.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "The labeled corpus (JSON lines).")
    var corpus: String

    @Option(help: "Cross-validation folds.")
    var folds: Int = 5

    @Option(help: "L2 penalty on the weights.")
    var regularization: Double = 0.0001

    @Flag(help: "Write the fitted weights and threshold back into the model file.")
    var write = false

    func validate() throws {
        guard (2...20).contains(folds) else { throw ValidationError("--folds takes 2 to 20") }
        guard regularization >= 0 else { throw ValidationError("--regularization must be 0 or more") }
    }

    func run() throws {
        let ruleSet = try modelOptions.load()
        let posts: [LabeledPost]
        do {
            posts = try LabeledCorpus.load(from: URL(fileURLWithPath: corpus))
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        var trainer = WeightTrainer()
        trainer.regularization = regularization
        let validation = try trainer.crossValidate(ruleSet, posts: posts, folds: folds)
        let fit = trainer.fit(ruleSet, posts: posts)
        let before = Evaluation(ruleSet: ruleSet, posts: posts).overall
        let after = Evaluation(ruleSet: try RuleSet(ruleSet.model.applying(fit)), posts: posts).overall
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var lines = [
            "\(validation.folds)-fold cross-validation: precision \(percent(validation.counts.precision)), "
                + "recall \(percent(validation.counts.recall)), F1 \(percent(validation.counts.f1))",
            "on the whole corpus: F1 \(percent(before.f1)) with the current weights, \(percent(after.f1)) with the fitted ones",
            "threshold: \(ruleSet.model.threshold) → \(fit.threshold)",
        ]
        for rule in ruleSet.model.rules where !rule.isBuildingBlock {
            let fitted = fit.weights[rule.id] ?? rule.weight
            lines.append("  \(rule.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%6.2f → %6.2f", rule.weight, fitted))")
        }
        Output.standardOutput.write(lines.joined(separator: "\n") + "\n")
        guard write, let url = ruleSet.model.fileURL else { return }
        do {
            let yaml = try String(contentsOf: url, encoding: .utf8)
            try ModelWeightsWriter.rewrite(yaml, with: fit).write(to: url, atomically: true, encoding: .utf8)
            Output.standardOutput.write("wrote \(url.path)\n")
        } catch {
            Output.standardError.write("parolewatch: cannot write \(url.path): \(error.localizedDescription)\n")
            throw ExitCode(ExitStatus.failure)
        }
    }
}
