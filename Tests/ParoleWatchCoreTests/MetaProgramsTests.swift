import Testing

@testable import ParoleWatchCore

@Suite("MetaPrograms")
struct MetaProgramsTests {
    private static let ids = ["A", "B", "C", "D", "E"]
    private static let indexByID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })

    private static func randomExpression(depth: Int, using random: inout ScoringTestRandom) -> RuleExpression {
        // An id the model lacks now and then: it never fires.
        let leaf = RuleExpression.rule((ids + ["UNKNOWN"]).randomElement(using: &random) ?? "A")
        guard depth > 0 else { return leaf }
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return leaf
        case 1: return .not(randomExpression(depth: depth - 1, using: &random))
        case 2:
            return .and(
                randomExpression(depth: depth - 1, using: &random), randomExpression(depth: depth - 1, using: &random))
        default:
            return .or(
                randomExpression(depth: depth - 1, using: &random), randomExpression(depth: depth - 1, using: &random))
        }
    }

    @Test("expressions of every depth, stored end to end, each evaluate as the expression tree does")
    func flatProgramsMatchTheTree() {
        var random = ScoringTestRandom(seed: 42)
        let expressions = (0..<200).map { index in Self.randomExpression(depth: index % 6, using: &random) }
        let programs = MetaPrograms(expressions.map { CompiledExpression($0, indexByID: Self.indexByID) })
        for _ in 0..<50 {
            let fired = Self.ids.map { _ in Bool.random(using: &random) }
            for (meta, expression) in expressions.enumerated() {
                let expected = expression.evaluate { id in Self.indexByID[id].map { fired[$0] } ?? false }
                #expect(programs.evaluate(meta, fired: fired) == expected, "\(expression) with \(fired)")
            }
        }
    }

    @Test("supporting candidates are each meta's own positive literals, in order")
    func supportingCandidatesStayWithTheirMeta() throws {
        let expressions = try ["A && !B", "C || (D && E) || A", "!C"].map { try RuleExpression.parse($0) }
        let programs = MetaPrograms(expressions.map { CompiledExpression($0, indexByID: Self.indexByID) })
        let candidates = expressions.indices.map { meta in
            programs.supportingSlots(of: meta).map(programs.supportingCandidate(at:))
        }
        #expect(candidates == [[0], [2, 3, 4, 0], []])
    }

    @Test("a meta rule watches few rules, and never holds with a supporting candidate fired but none it watches")
    func watchedRulesAreNecessary() throws {
        let examples = try ["A && !B", "(A || B) && C", "(A && B) || C", "(A || B) && (C || D || E)", "!C", "A || !B"]
            .map { try RuleExpression.parse($0) }
        let watched = examples.map { CompiledExpression($0, indexByID: Self.indexByID).watched }
        // `A || !B` needs nothing in particular: it watches its supporting candidate, without which it cannot fire.
        #expect(watched == [[0], [2], [0, 2], [0, 1], [], [0]])

        var random = ScoringTestRandom(seed: 7)
        let expressions = (0..<300).map { index in Self.randomExpression(depth: index % 6, using: &random) }
        for expression in expressions {
            let compiled = CompiledExpression(expression, indexByID: Self.indexByID)
            #expect(Set(compiled.watched).isSubset(of: compiled.supportingCandidates), "\(expression)")
            // Every assignment: when the expression holds with a supporting candidate fired, a watched rule fired.
            for bits in 0..<(1 << Self.ids.count) {
                let fired = Self.ids.indices.map { bits & (1 << $0) != 0 }
                let holds = expression.evaluate { id in Self.indexByID[id].map { fired[$0] } ?? false }
                guard holds, compiled.supportingCandidates.contains(where: { fired[$0] }) else { continue }
                #expect(compiled.watched.contains { fired[$0] }, "\(expression) with \(fired)")
            }
        }
    }
}
