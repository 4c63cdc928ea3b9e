/// The facts about each rule that scoring reads for every post, flattened at load into arrays indexed by rule index,
/// so the hot path reads plain values (no `ModelRule` copies, no string lookups) and visits only the rules that
/// matter for each step.
final class RuleTable: Sendable {
    /// A rule's matcher, with its parameters stored in the side arrays below.
    enum Kind: Sendable, Equatable {
        case phrases
        /// Index into ``patterns``.
        case pattern(Int)
        /// Index into ``near``.
        case near(Int)
        /// Index into ``metas``.
        case meta(Int)
        /// Index into ``obfuscated``.
        case obfuscated(Int)
    }

    struct NearRule: Sendable {
        var members: [Int]
        var window: Int
        var ordered: Bool
    }

    struct PatternRule: Sendable {
        var rule: Int
        var pattern: CompiledPattern
        /// The automaton's byte classes (``PhraseAutomaton/classMask(of:)``) of the bytes one of which every match
        /// contains: a field whose scan saw none of them is skipped. Every class when the pattern has no prefilter.
        var prefilterClasses: UInt64
    }

    let count: Int
    let kinds: [Kind]
    let ids: [String]
    let descriptions: [String]
    let weights: [Double]
    let roles: [ModelRule.Role]
    /// The only field a rule reads, nil for either.
    let onlyField: [PostField?]
    let isBuildingBlock: [Bool]
    /// Whether a rule matches the text itself (phrases, pattern), rather than being derived from other rules.
    let isLexical: [Bool]
    let cancels: [[Int]]
    /// Phrase and pattern rules that cancel others, ascending (derived rules cancel as they are derived).
    let lexicalCancellers: [Int]
    /// Debunk rules with a scope, ascending, with that scope.
    let scopedCues: [(rule: Int, scope: ModelRule.Scope)]
    let near: [NearRule]
    let obfuscated: [[Int]]
    let metas: MetaPrograms
    /// Pattern rules, ascending by rule.
    let patterns: [PatternRule]
    /// When each of ``patterns`` can change a post's result.
    let patternDemand: PatternDemand
    let debunkDiscount: Double
    /// Rule indices in an order where every rule comes after the rules it reads (and after the derived rules that
    /// cancel matches of those), and each rule's position in it.
    let order: [Int]
    let positions: [Int]
    /// Per rule, the positions of the derived rules that wait for it (a near rule's first member, as it needs every
    /// member; each member of an obfuscated rule; the rules a meta rule watches, ``CompiledExpression/watched``):
    /// `dependentPositions[dependentStart[r]..<dependentStart[r + 1]]`.
    private let dependentStart: [Int]
    private let dependentPositions: [Int]

    /// Which rules apply to a post, by its language: every rule (language unknown or `mixed`), the rules for one
    /// language that some rule lists, or the rules without a language list (a language no rule lists).
    private let everyRule: [Bool]
    private let byLanguage: [String: [Bool]]
    private let unlimitedRules: [Bool]

    init(
        model: ScoringModel,
        compiled: [RuleSet.CompiledRule],
        order: [Int],
        indexByID: [String: Int],
        automaton: PhraseAutomaton
    ) {
        let rules = model.rules
        count = compiled.count
        var kinds: [Kind] = []
        var near: [NearRule] = []
        var obfuscated: [[Int]] = []
        var metas: [CompiledExpression] = []
        var patterns: [PatternRule] = []
        for (index, rule) in compiled.enumerated() {
            switch rule.kind {
            case .phrases:
                kinds.append(.phrases)
            case .pattern(let pattern):
                kinds.append(.pattern(patterns.count))
                let prefilterClasses = pattern.prefilter.map { automaton.classMask(of: $0.bytes) } ?? ~0
                patterns.append(PatternRule(rule: index, pattern: pattern, prefilterClasses: prefilterClasses))
            case .near(let members, let window, let ordered):
                kinds.append(.near(near.count))
                near.append(NearRule(members: members, window: window, ordered: ordered))
            case .meta(let expression):
                kinds.append(.meta(metas.count))
                metas.append(CompiledExpression(expression, indexByID: indexByID))
            case .obfuscated(let members):
                kinds.append(.obfuscated(obfuscated.count))
                obfuscated.append(members)
            }
        }
        self.kinds = kinds
        self.near = near
        self.obfuscated = obfuscated
        let metaPrograms = MetaPrograms(metas)
        self.metas = metaPrograms
        self.patterns = patterns
        patternDemand = PatternDemand(compiled: compiled, indexByID: indexByID, patternRules: patterns.map(\.rule))
        ids = rules.map(\.id)
        descriptions = rules.map(\.description)
        weights = rules.map(\.weight)
        roles = rules.map(\.role)
        onlyField = rules.map {
            switch $0.field {
            case .title: .title
            case .text: .text
            case .any: nil
            }
        }
        isBuildingBlock = rules.map(\.isBuildingBlock)
        let isLexical = kinds.map {
            switch $0 {
            case .phrases, .pattern: true
            case .near, .meta, .obfuscated: false
            }
        }
        self.isLexical = isLexical
        cancels = compiled.map(\.cancels)
        lexicalCancellers = compiled.indices.filter { !compiled[$0].cancels.isEmpty && isLexical[$0] }
        scopedCues = rules.indices.compactMap { index in
            guard rules[index].role == .debunk, let scope = rules[index].scope else { return nil }
            return (index, scope)
        }
        debunkDiscount = model.debunkDiscount
        self.order = order
        var positions = [Int](repeating: 0, count: compiled.count)
        for (position, rule) in order.enumerated() { positions[rule] = position }
        self.positions = positions
        var dependents = [[Int]](repeating: [], count: compiled.count)
        for (index, kind) in kinds.enumerated() {
            let read: [Int] =
                switch kind {
                case .near(let rule): Array(near[rule].members.prefix(1))  // no hits without all of them
                case .obfuscated(let rule): obfuscated[rule]
                case .meta(let rule): metaPrograms.watched[rule]
                case .phrases, .pattern: []
                }
            for member in Set(read) { dependents[member].append(positions[index]) }
        }
        dependentStart = dependents.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        dependentPositions = dependents.flatMap { $0.sorted() }

        everyRule = [Bool](repeating: true, count: rules.count)
        unlimitedRules = rules.map { $0.languages == nil }
        var byLanguage: [String: [Bool]] = [:]
        for language in Set(rules.flatMap { $0.languages ?? [] }) {
            byLanguage[language] = rules.map { $0.languages?.contains(language) ?? true }
        }
        self.byLanguage = byLanguage
    }

    /// Positions (in ``order``) of the derived rules that wait for rule `rule`: scoring looks at them only when it
    /// matched or fired.
    func dependents(of rule: Int) -> ArraySlice<Int> {
        dependentPositions[dependentStart[rule]..<dependentStart[rule + 1]]
    }

    /// For each rule, whether it applies to a post in `language` (``RuleSet/applies(_:to:)`` for every rule at once).
    func applicability(for language: String?) -> [Bool] {
        guard let language, language != "mixed" else { return everyRule }
        return byLanguage[language] ?? unlimitedRules
    }
}
