/// When a pattern rule can change a post's result, told from the phrase matches alone, so that a pattern is run only
/// where it can matter: a building block such as a price (`$300`, `500 dolares`) feeds only rules that also need
/// words about parole, sponsors or forms, and most posts with a number have none of those.
///
/// A pattern rule that scores, cancels other rules or opens a debunk scope always runs. Any other pattern rule acts
/// only through the rules that read it (near members, obfuscated members, rule ids in a meta expression, negated or
/// not): if none of those can fire whatever the pattern finds, the pattern cannot change the result. Whether a reader
/// can fire is judged by a necessary condition on the phrase rules, derived at load: a conjunction of clauses, each
/// clause a set of phrase rules one of which must have matched. A phrase rule that fires has matched; a near rule needs
/// all its members; an obfuscated rule one of its members; `a && b` needs what each needs; `a || b` needs, for every
/// pair of clauses, one from each side, either; a negation and a pattern rule need nothing (they can hold with no
/// phrase at all). Matches a later step drops (language, field, cancellation) only make a rule less likely to fire, so
/// the test, run on the raw phrase matches, errs towards running the pattern: it skips a pattern only when the result
/// is the same without it.
struct PatternDemand: Sendable {
    /// Per pattern entry (``RuleTable/patterns``), whether it runs on every post its prefilter lets through.
    private let isAlwaysNeeded: [Bool]
    /// The readers' conditions of entry `e`: `conditionStart[e]..<conditionStart[e + 1]` index ``clauseStart``; a
    /// condition `c` is the clauses `clauseStart[c]..<clauseStart[c + 1]`, which index ``ruleStart``; a clause `k` is
    /// the phrase rules `rules[ruleStart[k]..<ruleStart[k + 1]]`.
    private let conditionStart: [Int]
    private let clauseStart: [Int]
    private let ruleStart: [Int]
    private let rules: [Int]

    /// Most clauses kept per condition: fewer only weaken the condition (any subset of them is still necessary).
    static let clauseLimit = 6

    /// A necessary condition for a rule to fire: every clause must have a rule with a phrase match. Empty: none known.
    typealias Condition = [[Int]]

    /// The demand of each pattern rule in `compiled` (the rules of `model`, by index), in the order of `patternRules`.
    init(compiled: [RuleSet.CompiledRule], indexByID: [String: Int], patternRules: [Int]) {
        let conditions = Self.necessaryConditions(compiled, indexByID: indexByID)
        var readers = [[Int]](repeating: [], count: compiled.count)
        for (index, rule) in compiled.enumerated() {
            let read: [Int] =
                switch rule.kind {
                case .near(let members, _, _), .obfuscated(let members): members
                case .meta(let expression): expression.ruleIDs.compactMap { indexByID[$0] }
                case .phrases, .pattern: []
                }
            for member in Set(read) { readers[member].append(index) }
        }
        var isAlwaysNeeded: [Bool] = []
        var conditionStart = [0]
        var clauseStart = [0]
        var ruleStart = [0]
        var rules: [Int] = []
        for index in patternRules {
            let rule = compiled[index]
            let acts = !rule.rule.isBuildingBlock || !rule.cancels.isEmpty
                || (rule.rule.role == .debunk && rule.rule.scope != nil)
            let readerConditions = readers[index].map { conditions[$0] }
            let isAlways = acts || readerConditions.contains(where: \.isEmpty)
            isAlwaysNeeded.append(isAlways)
            if !isAlways {
                var seen = Set<Condition>()
                for condition in readerConditions where seen.insert(condition).inserted {
                    for clause in condition {
                        rules.append(contentsOf: clause)
                        ruleStart.append(rules.count)
                    }
                    clauseStart.append(ruleStart.count - 1)
                }
            }
            conditionStart.append(clauseStart.count - 1)
        }
        self.isAlwaysNeeded = isAlwaysNeeded
        self.conditionStart = conditionStart
        self.clauseStart = clauseStart
        self.ruleStart = ruleStart
        self.rules = rules
    }

    /// Whether pattern entry `entry` can change the result of a post whose phrase rules matched as `hits` says (a
    /// rule's list is empty when it did not match).
    func isNeeded(_ entry: Int, hits: [[RuleSet.Hit]]) -> Bool {
        if isAlwaysNeeded[entry] { return true }
        conditions: for condition in conditionStart[entry]..<conditionStart[entry + 1] {
            clauses: for clause in clauseStart[condition]..<clauseStart[condition + 1] {
                for slot in ruleStart[clause]..<ruleStart[clause + 1] where !hits[rules[slot]].isEmpty {
                    continue clauses
                }
                continue conditions
            }
            return true
        }
        return false
    }

    /// For each rule, a necessary condition for it to fire, in terms of phrase rules.
    static func necessaryConditions(_ compiled: [RuleSet.CompiledRule], indexByID: [String: Int]) -> [Condition] {
        var known = [Condition?](repeating: nil, count: compiled.count)
        func condition(of index: Int) -> Condition {
            if let condition = known[index] { return condition }
            let condition: Condition =
                switch compiled[index].kind {
                case .phrases: [[index]]
                case .pattern: []
                case .near(let members, _, _): all(members.map(condition(of:)))
                case .obfuscated(let members): any(members.map(condition(of:)))
                case .meta(let expression): condition(of: expression)
                }
            known[index] = condition
            return condition
        }
        func condition(of expression: RuleExpression) -> Condition {
            switch expression {
            case .rule(let id): indexByID[id].map(condition(of:)) ?? []
            case .not: []
            case .and(let left, let right): all([condition(of: left), condition(of: right)])
            case .or(let left, let right): any([condition(of: left), condition(of: right)])
            }
        }
        return compiled.indices.map(condition(of:))
    }

    /// What each of `conditions` needs.
    private static func all(_ conditions: [Condition]) -> Condition {
        strongest(conditions.flatMap { $0 })
    }

    /// What one of `conditions` needs, whichever it is: a clause from each, joined.
    private static func any(_ conditions: [Condition]) -> Condition {
        guard var joined = conditions.first else { return [] }
        for condition in conditions.dropFirst() {
            guard !joined.isEmpty, !condition.isEmpty else { return [] }
            joined = strongest(joined.flatMap { left in condition.map { right in left + right } })
        }
        return joined
    }

    /// `clauses` without repeats, the narrowest first, at most ``clauseLimit``.
    private static func strongest(_ clauses: [[Int]]) -> Condition {
        let distinct = Set(clauses.map { Array(Set($0)).sorted() })
        let ordered = distinct.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        return Array(ordered.prefix(clauseLimit))
    }
}
