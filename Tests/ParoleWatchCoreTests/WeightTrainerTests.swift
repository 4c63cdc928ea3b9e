import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("WeightTrainer")
struct WeightTrainerTests {
    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("scoring")
    }

    func load() throws -> (RuleSet, [LabeledPost]) {
        let ruleSet = try ModelLoader.load(from: Self.fixtures.appendingPathComponent("model-small.yaml"))
        let posts = try LabeledCorpus.load(from: Self.fixtures.appendingPathComponent("small-corpus.jsonl"))
        return (ruleSet, posts)
    }

    @Test("fitting keeps claim weights ≥ 0 and debunk weights ≤ 0, and separates the small corpus")
    func fitRespectsSigns() throws {
        let (ruleSet, posts) = try load()
        let fit = WeightTrainer().fit(ruleSet, posts: posts)
        #expect((fit.weights["REOPENING"] ?? -1) > 0)
        #expect((fit.weights["PAID"] ?? -1) >= 0)
        #expect((fit.weights["FALSE"] ?? 1) <= 0)
        #expect((fit.weights["PRISON"] ?? 1) <= 0)
        let tuned = try RuleSet(ruleSet.model.applying(fit))
        let before = Evaluation(ruleSet: ruleSet, posts: posts).overall.f1
        let after = Evaluation(ruleSet: tuned, posts: posts).overall.f1
        #expect(after >= before)
        #expect(after > 0.7)
    }

    @Test("cross-validation scores every post exactly once")
    func crossValidation() throws {
        let (ruleSet, posts) = try load()
        let validation = try WeightTrainer().crossValidate(ruleSet, posts: posts, folds: 4)
        #expect(validation.counts.total == posts.count)
    }

    @Test("writing weights back changes only the numbers: comments and order stay")
    func rewriteKeepsComments() throws {
        let yaml = try String(contentsOf: Self.fixtures.appendingPathComponent("model-small.yaml"), encoding: .utf8)
        let fit = WeightTrainer.Fit(weights: ["REOPENING": 2.5, "PAID": 0.75, "FALSE": -1.25, "PRISON": -2], threshold: 1.5)
        let rewritten = ModelWeightsWriter.rewrite(yaml, with: fit)
        #expect(rewritten.contains("threshold: 1.5   # hand-set"))
        #expect(rewritten.contains("    weight: 2.5   # will be fitted"))
        #expect(rewritten.contains("    weight: -1.25"))
        #expect(rewritten.contains("  # The main claim."))
        let before = yaml.split(separator: "\n").filter { !$0.contains("weight:") && !$0.hasPrefix("threshold:") }
        let after = rewritten.split(separator: "\n").filter { !$0.contains("weight:") && !$0.hasPrefix("threshold:") }
        #expect(before == after)
    }
}
