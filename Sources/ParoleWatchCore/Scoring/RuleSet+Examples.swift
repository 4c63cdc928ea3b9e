extension RuleSet {
    /// An example that does not behave as its rule says.
    struct ExampleFailure: Sendable, Equatable {
        var ruleID: String
        /// A `fire` example (else a `silent` one).
        var firing: Bool
        var index: Int
        var message: String
    }

    /// Scores each rule's examples as posts of their own: `fire` examples must fire the rule, `silent` ones
    /// must not. Like SpamAssassin's rule tests, kept next to the rule.
    func exampleFailures() -> [ExampleFailure] {
        var failures: [ExampleFailure] = []
        for (index, compiledRule) in compiled.enumerated() {
            let rule = compiledRule.rule
            for (exampleIndex, example) in rule.examplesFiring.enumerated()
            where !evaluate(ScoredPost(text: example)).fired[index] {
                failures.append(
                    ExampleFailure(
                        ruleID: rule.id,
                        firing: true,
                        index: exampleIndex,
                        message: "rule \(rule.id) does not fire on its example '\(Self.excerpt(example))'"
                    )
                )
            }
            for (exampleIndex, example) in rule.examplesSilent.enumerated()
            where evaluate(ScoredPost(text: example)).fired[index] {
                failures.append(
                    ExampleFailure(
                        ruleID: rule.id,
                        firing: false,
                        index: exampleIndex,
                        message: "rule \(rule.id) fires on its silent example '\(Self.excerpt(example))'"
                    )
                )
            }
        }
        return failures
    }

    private static func excerpt(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
