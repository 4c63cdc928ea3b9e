import Foundation

/// Precision, recall and F1 of a rule set on a labeled corpus, with the confusion by label and by language
/// and every miss explained by the rules that fired.
public struct Evaluation: Sendable {
    public struct Counts: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var trueNegatives = 0
        public var falseNegatives = 0

        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        public var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }

        mutating func add(isPositive: Bool, isAlert: Bool) {
            switch (isPositive, isAlert) {
            case (true, true): truePositives += 1
            case (true, false): falseNegatives += 1
            case (false, true): falsePositives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    /// A post the detector got wrong.
    public struct Miss: Sendable {
        public var post: LabeledPost
        public var result: ScoreResult
    }

    public var overall = Counts()
    /// Per label: alerts vs. silences (for `claim` that is recall; for the others, false alarms).
    public var byLabel: [String: Counts] = [:]
    public var byLanguage: [String: Counts] = [:]
    /// Per `kind` tag (`obf-zwsp`, `subtle`, `full-quote`…), so hard cases are visible on their own.
    public var byKind: [String: Counts] = [:]
    public var misses: [Miss] = []

    public init(ruleSet: RuleSet, posts: [LabeledPost]) {
        for post in posts {
            let result = ruleSet.score(post.post)
            overall.add(isPositive: post.isPositive, isAlert: result.isAlert)
            byLabel[post.label, default: Counts()].add(isPositive: post.isPositive, isAlert: result.isAlert)
            byLanguage[post.language, default: Counts()].add(isPositive: post.isPositive, isAlert: result.isAlert)
            byKind[post.kind, default: Counts()].add(isPositive: post.isPositive, isAlert: result.isAlert)
            if post.isPositive != result.isAlert { misses.append(Miss(post: post, result: result)) }
        }
    }

    /// The report for a person.
    public func text() -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var lines = [
            "posts: \(overall.total)  precision: \(percent(overall.precision))  recall: \(percent(overall.recall))  F1: \(percent(overall.f1))",
            "confusion: TP \(overall.truePositives)  FP \(overall.falsePositives)  TN \(overall.trueNegatives)  FN \(overall.falseNegatives)",
            "", "by label:",
        ]
        for (label, counts) in byLabel.sorted(by: { $0.key < $1.key }) {
            let alerts = counts.truePositives + counts.falsePositives
            lines.append("  \(label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(counts.total) posts, \(alerts) alerted")
        }
        lines += ["", "by language:"]
        for (language, counts) in byLanguage.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  \(language.padding(toLength: 8, withPad: " ", startingAt: 0)) \(counts.total) posts  P \(percent(counts.precision))  R \(percent(counts.recall))  "
                    + "TP \(counts.truePositives) FP \(counts.falsePositives) TN \(counts.trueNegatives) FN \(counts.falseNegatives)")
        }
        lines += ["", "by kind (alerted / posts):"]
        for (kind, counts) in byKind.sorted(by: { $0.key < $1.key }) {
            let alerts = counts.truePositives + counts.falsePositives
            let expected = counts.truePositives + counts.falseNegatives > 0 ? "claims" : "non-claims"
            lines.append("  \(kind.padding(toLength: 20, withPad: " ", startingAt: 0)) \(alerts)/\(counts.total) \(expected)")
        }
        lines += ["", "misses:"]
        for miss in misses {
            let kind = miss.post.isPositive ? "missed claim" : "false alarm (\(miss.post.label))"
            let rules = miss.result.rules.map { "\($0.id) \(String(format: "%+.2f", $0.weight))" }.joined(separator: ", ")
            let excerpt = (miss.post.title.isEmpty ? miss.post.text : miss.post.title + " — " + miss.post.text)
                .replacingOccurrences(of: "\n", with: " ").prefix(110)
            lines.append("  \(miss.post.id) [\(miss.post.language)] \(kind), score \(String(format: "%.2f", miss.result.score)): \(excerpt)")
            lines.append("      rules: \(rules.isEmpty ? "none" : rules)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as one JSON document.
    public func jsonObject() -> [String: Any] {
        func counts(_ counts: Counts) -> [String: Any] {
            [
                "posts": counts.total, "precision": ScoreResult.rounded(counts.precision),
                "recall": ScoreResult.rounded(counts.recall), "f1": ScoreResult.rounded(counts.f1),
                "true_positives": counts.truePositives, "false_positives": counts.falsePositives,
                "true_negatives": counts.trueNegatives, "false_negatives": counts.falseNegatives,
            ]
        }
        return [
            "overall": counts(overall),
            "by_label": byLabel.mapValues(counts),
            "by_language": byLanguage.mapValues(counts),
            "by_kind": byKind.mapValues(counts),
            "misses": misses.map { miss in
                [
                    "id": miss.post.id, "label": miss.post.label, "lang": miss.post.language,
                    "score": ScoreResult.rounded(miss.result.score),
                    "rules": miss.result.ruleObjects(includeDescription: false),
                ] as [String: Any]
            },
        ]
    }
}
