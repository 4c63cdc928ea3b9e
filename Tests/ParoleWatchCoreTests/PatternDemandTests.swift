import Foundation
import Testing

@testable import ParoleWatchCore

/// A pattern rule runs only where it can change the result: the necessary conditions of the rules that read it, the
/// cases where it always runs, and the proof on the shipped model that skipping changes nothing.
@Suite("Pattern demand")
struct PatternDemandTests {
    func ruleSet(_ rules: [ModelRule]) throws -> RuleSet {
        try RuleSet(ScoringModel(threshold: 1, debunkDiscount: 0.2, rules: rules))
    }

    /// Hits for the rules named, one each, as the phrase scan would leave them.
    func hits(_ ids: [String], in rules: RuleSet) -> [[RuleSet.Hit]] {
        var hits = [[RuleSet.Hit]](repeating: [], count: rules.model.rules.count)
        for id in ids {
            let rule = try! #require(rules.indexByID[id])
            hits[rule] = [RuleSet.Hit(rule: rule, field: .text, start: 0, end: 1, firstToken: 0, lastToken: 0)]
        }
        return hits
    }

    @Test("a building-block pattern runs only when a rule reading it can fire")
    func buildingBlock() throws {
        let rules = try ruleSet([
            ModelRule(id: "__PAROLE", matcher: .phrases(["parole"])),
            ModelRule(id: "__SPONSOR", matcher: .phrases(["sponsor"])),
            ModelRule(id: "__ZELLE", matcher: .phrases(["zelle"])),
            ModelRule(id: "__MONEY", matcher: .pattern(#"\$ ?[0-9]+"#)),
            ModelRule(
                id: "PAID_HELP", weight: 4,
                matcher: .meta(try RuleExpression.parse("(__MONEY || __ZELLE) && (__PAROLE || __SPONSOR)"))),
        ])
        let demand = rules.table.patternDemand
        #expect(!demand.isNeeded(0, hits: hits([], in: rules)))
        #expect(!demand.isNeeded(0, hits: hits(["__ZELLE"], in: rules)))
        #expect(demand.isNeeded(0, hits: hits(["__PAROLE"], in: rules)))
        #expect(demand.isNeeded(0, hits: hits(["__SPONSOR"], in: rules)))
        // Whether the pattern is run or not, the post scores the same.
        #expect(rules.score(ScoredPost(text: "sale $300")).rules.isEmpty)
        #expect(rules.score(ScoredPost(text: "parole for $300")).rules.map(\.id) == ["PAID_HELP"])
    }

    @Test("a pattern read under a negation runs when the rest of the reader matched")
    func negation() throws {
        let rules = try ruleSet([
            ModelRule(id: "__SPONSOR", matcher: .phrases(["sponsor"])),
            ModelRule(id: "__YEAR", matcher: .pattern(#"\b20[0-9]{2}\b"#)),
            ModelRule(id: "SPONSOR_NOW", weight: 2, matcher: .meta(try RuleExpression.parse("__SPONSOR && !__YEAR"))),
        ])
        let demand = rules.table.patternDemand
        #expect(!demand.isNeeded(0, hits: hits([], in: rules)))
        #expect(demand.isNeeded(0, hits: hits(["__SPONSOR"], in: rules)))
        #expect(rules.score(ScoredPost(text: "sponsor wanted in 2023")).rules.isEmpty)
        #expect(rules.score(ScoredPost(text: "sponsor wanted")).rules.map(\.id) == ["SPONSOR_NOW"])
    }

    @Test("a pattern that scores, cancels or opens a debunk scope always runs")
    func alwaysNeeded() throws {
        let rules = try ruleSet([
            ModelRule(id: "__WORD", matcher: .phrases(["word"])),
            ModelRule(id: "PHONE", weight: 1, matcher: .pattern(#"[0-9]{3} [0-9]{4}"#)),
            ModelRule(id: "__CANCELLER", matcher: .pattern(#"[0-9]+ %"#), cancels: ["__WORD"]),
            ModelRule(id: "__CUE", weight: -1, matcher: .pattern(#"#[0-9]+"#), scope: .post),
            ModelRule(id: "__UNREAD", matcher: .pattern(#"[0-9]+ km"#)),
            ModelRule(id: "__READ_BY_PATTERN_ONLY", matcher: .pattern(#"[0-9]+ mi"#)),
            ModelRule(
                id: "NEAR", weight: 1,
                matcher: .near(rules: ["__READ_BY_PATTERN_ONLY", "PHONE"], window: 3, ordered: false)),
        ])
        let demand = rules.table.patternDemand
        let none = hits([], in: rules)
        #expect(demand.isNeeded(0, hits: none))
        #expect(demand.isNeeded(1, hits: none))
        #expect(demand.isNeeded(2, hits: none))
        // Read by nothing: it can change nothing.
        #expect(!demand.isNeeded(3, hits: none))
        // Read by a rule whose other member is a pattern: nothing in the phrases rules it out.
        #expect(demand.isNeeded(4, hits: none))
    }

    @Test("necessary conditions: near needs every member, obfuscated one, or a clause from each side, not nothing")
    func conditions() throws {
        let rules = try ruleSet([
            ModelRule(id: "__A", matcher: .phrases(["alpha"])),
            ModelRule(id: "__B", matcher: .phrases(["beta"])),
            ModelRule(id: "__C", matcher: .phrases(["gamma"])),
            ModelRule(id: "__P", matcher: .pattern(#"[0-9]+"#)),
            ModelRule(
                id: "NEAR", weight: 1, matcher: .near(rules: ["__A", "__B", "__P"], window: 3, ordered: false)),
            ModelRule(id: "OBFUSCATED", weight: 1, matcher: .obfuscated(rules: ["__A", "__C"])),
            ModelRule(id: "EITHER", weight: 1, matcher: .meta(try RuleExpression.parse("(__A && __B) || __C"))),
            ModelRule(id: "NOT", weight: 1, matcher: .meta(try RuleExpression.parse("!__A"))),
            ModelRule(id: "NESTED", weight: 1, matcher: .meta(try RuleExpression.parse("NEAR && (__P || __C)"))),
        ])
        let conditions = PatternDemand.necessaryConditions(rules.compiled, indexByID: rules.indexByID)
        let ids = rules.model.rules.map(\.id)
        let named = { (id: String) in
            conditions[rules.indexByID[id]!].map { Set($0.map { ids[$0] }) }
        }
        #expect(named("__P") == [])
        #expect(named("NEAR") == [["__A"], ["__B"]])
        #expect(named("OBFUSCATED") == [["__A", "__C"]])
        #expect(named("EITHER") == [["__A", "__C"], ["__B", "__C"]])
        #expect(named("NOT") == [])
        #expect(named("NESTED") == [["__A"], ["__B"]])
    }

    @Test(
        "on the shipped model, skipping patterns changes no result",
        arguments: ["blind50-corpus.jsonl", "blind53-corpus.jsonl", "blind56-corpus.jsonl"])
    func shippedModel(_ corpus: String) throws {
        let rules = try ModelLoader.load(from: ShippedModelCorpusTests.model)
        let posts = try LabeledCorpus.load(from: WeightTrainerTests.fixtures.appendingPathComponent(corpus))
        // `evaluate` runs every pattern (it reports which building blocks fired); `score` skips the idle ones.
        let differing = posts.filter { rules.score($0.post) != rules.evaluate($0.post).result }.map(\.id)
        #expect(differing.isEmpty, "\(differing.count) posts score differently, such as \(differing.prefix(5))")
    }
}
