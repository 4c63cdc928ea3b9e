import Foundation
import TestSupport
import Testing

@testable import ParoleWatchCore

/// The agenda of rules to visit in one post, and scoring that visits only the rules on it.
@Suite("Rule agenda")
struct RuleAgendaTests {
    @Test("positions come back in ascending order, across word boundaries")
    func ascendingOrder() {
        var agenda = RuleAgenda(count: 200)
        for position in [130, 0, 64, 63, 199, 65, 1] { agenda.insert(position) }
        var visited: [Int] = []
        var position = agenda.first
        while let current = position {
            visited.append(current)
            position = agenda.next(after: current)
        }
        #expect(visited == [0, 1, 63, 64, 65, 130, 199])
        #expect(agenda.contains(63) && !agenda.contains(62))
        #expect(agenda.next(after: 199) == nil)
        #expect(agenda.next(after: 65) == 130)
    }

    @Test("a position inserted ahead while visiting is visited; removeAll empties the agenda")
    func insertsAheadAreVisited() {
        var agenda = RuleAgenda(count: 130)
        agenda.insert(2)
        var visited: [Int] = []
        var position = agenda.first
        while let current = position {
            visited.append(current)
            if current == 2 { agenda.insert(70) }
            if current == 70 { agenda.insert(129) }
            position = agenda.next(after: current)
        }
        #expect(visited == [2, 70, 129])
        agenda.removeAll()
        #expect(agenda.first == nil)
    }

    @Test("derived rules reached only through other derived rules still fire")
    func chainsOfDerivedRules() throws {
        let rules = try RuleSet(
            ScoringModel(
                threshold: 1,
                debunkDiscount: 0.2,
                rules: [
                    ModelRule(id: "__A", matcher: .phrases(["alpha"])),
                    ModelRule(id: "__B", matcher: .phrases(["beta"])),
                    ModelRule(id: "__NEAR", matcher: .near(rules: ["__A", "__B"], window: 3, ordered: false)),
                    ModelRule(id: "__META", matcher: .meta(try RuleExpression.parse("__NEAR && !__C"))),
                    ModelRule(id: "__C", matcher: .phrases(["gamma"])),
                    ModelRule(id: "TOP", weight: 2, matcher: .meta(try RuleExpression.parse("__META || __C"))),
                ]
            )
        )
        let fired = { (text: String) in Set(rules.score(ScoredPost(text: text)).rules.map(\.id)) }
        #expect(fired("alpha x beta") == ["TOP"])
        #expect(fired("gamma") == ["TOP"])
        #expect(fired("alpha one two three four beta").isEmpty)
    }

    @Test("a scratch reused post after post scores each post as a fresh one does")
    func reusedScratchLeavesNothingBehind() throws {
        let ruleSet = try ModelLoader.load(from: ShippedModelCorpusTests.model)
        let posts = try LabeledCorpus.load(from: WeightTrainerTests.fixtures.appendingPathComponent("blind16-corpus.jsonl"))
        var scratch = RuleSet.Scratch()
        for labeled in posts {
            let reused = ruleSet.score(labeled.post, scratch: &scratch)
            #expect(reused == ruleSet.score(labeled.post), "\(labeled.id)")
        }
    }
}
