/// A compiled model: every phrase of every rule in one Aho-Corasick automaton, patterns precompiled,
/// derived rules (near, obfuscated, meta) in dependency order. Built once per model load and shared.
///
/// Immutable and `Sendable`: any task may score with it; swapping models on reload swaps the whole value.
public struct RuleSet: Sendable {
    /// Everything compiled, behind one reference: copying a rule set (into a closure, a task, a reloaded daemon)
    /// retains one object, not each of its arrays.
    private let parts: Parts

    private final class Parts: Sendable {
        let model: ScoringModel
        let normalizer: Normalizer
        let automaton: PhraseAutomaton
        let phraseRules: [Int]
        let compiled: [CompiledRule]
        let indexByID: [String: Int]
        let table: RuleTable

        init(
            model: ScoringModel,
            normalizer: Normalizer,
            automaton: PhraseAutomaton,
            phraseRules: [Int],
            compiled: [CompiledRule],
            indexByID: [String: Int],
            table: RuleTable
        ) {
            self.model = model
            self.normalizer = normalizer
            self.automaton = automaton
            self.phraseRules = phraseRules
            self.compiled = compiled
            self.indexByID = indexByID
            self.table = table
        }
    }

    public var model: ScoringModel { parts.model }
    var normalizer: Normalizer { parts.normalizer }
    var automaton: PhraseAutomaton { parts.automaton }
    /// For each automaton phrase: the rule it belongs to.
    var phraseRules: [Int] { parts.phraseRules }
    var compiled: [CompiledRule] { parts.compiled }
    var indexByID: [String: Int] { parts.indexByID }
    /// The per-rule facts scoring reads, flattened (see ``RuleTable``).
    var table: RuleTable { parts.table }

    struct CompiledRule: Sendable {
        var rule: ModelRule
        var kind: Kind
        var cancels: [Int]

        enum Kind: Sendable {
            case phrases
            case near(members: [Int], window: Int, ordered: Bool)
            case meta(RuleExpression)
            case pattern(CompiledPattern)
            case obfuscated(members: [Int])
        }
    }

    /// Compiles `model`; throws every rule that cannot be compiled.
    public init(_ model: ScoringModel) throws(RuleSetError) {
        let normalizer = Normalizer()
        var problems: [RuleSetError.Problem] = []
        var indexByID: [String: Int] = [:]
        for (index, rule) in model.rules.enumerated() { indexByID[rule.id] = index }

        var phrases: [[UInt8]] = []
        var phraseRules: [Int] = []
        var compiled: [CompiledRule] = []
        var scratch = Normalizer.Scratch()
        for (index, rule) in model.rules.enumerated() {
            let kind: CompiledRule.Kind
            switch rule.matcher {
            case .phrases(let list):
                for phrase in list {
                    let isPrefix = phrase.hasSuffix("*")
                    let body = isPrefix ? String(phrase.dropLast()) : phrase
                    let normalized = normalizer.normalize(body, scratch: &scratch)
                    var bytes = Array(normalized.bytes[...])  // a copy of its own: the buffer goes back to `scratch`
                    scratch.recycle(normalized)
                    while bytes.first == 0x20 { bytes.removeFirst() }
                    while bytes.last == 0x20 { bytes.removeLast() }
                    guard !bytes.isEmpty else {
                        problems.append(.init(ruleID: rule.id, message: "phrase '\(phrase)' is empty once normalized"))
                        continue
                    }
                    if isPrefix { bytes.append(UInt8(ascii: "*")) }
                    phrases.append(bytes)
                    phraseRules.append(index)
                }
                kind = .phrases
            case .near(let members, let window, let ordered):
                kind = .near(members: members.compactMap { indexByID[$0] }, window: window, ordered: ordered)
            case .meta(let expression):
                kind = .meta(expression)
            case .pattern(let source):
                do {
                    kind = .pattern(try CompiledPattern(source))
                } catch {
                    problems.append(.init(ruleID: rule.id, message: "pattern does not compile: \(error)"))
                    continue
                }
                if let problem = PatternSpelling.problem(in: source) {
                    problems.append(.init(ruleID: rule.id, message: problem))
                    continue
                }
            case .obfuscated(let members):
                kind = .obfuscated(members: members.compactMap { indexByID[$0] })
            }
            compiled.append(CompiledRule(rule: rule, kind: kind, cancels: rule.cancels.compactMap { indexByID[$0] }))
        }
        guard problems.isEmpty else { throw RuleSetError(problems: problems) }
        // The bytes the pattern rules' prefilters look for get classes of their own, so that the automaton's scan
        // tells whether a field has any (digits and `$`, as a rule: few phrases contain them).
        var prefilterBytes = PatternPrefilter.ByteSet()
        for rule in compiled {
            if case .pattern(let pattern) = rule.kind, let prefilter = pattern.prefilter {
                prefilterBytes.formUnion(prefilter.bytes)
            }
        }
        let distinguishedBytes = (0...127).map(UInt8.init).filter(prefilterBytes.contains)
        let compiledPhrases = phrases
        // The two take the longest of the compilation and need only the phrases: each on its own core.
        let (readingNormalizer, automaton) = concurrently(
            {
                // Posts are read with the phrases' own words as the words a cut word (`pa-rol`) may join into; the
                // phrases themselves are written plainly, so they were normalized without that.
                Normalizer(
                    joinableWords: compiledPhrases.flatMap { phrase in
                        let words = phrase.split(separator: 0x20).map(Array.init)
                        return phrase.last == UInt8(ascii: "*") ? words.dropLast() : words[...]
                    }
                )
            },
            { PhraseAutomaton(phrases: compiledPhrases, distinguishing: distinguishedBytes) }
        )
        let table = RuleTable(
            model: model,
            compiled: compiled,
            order: Self.dependencyOrder(compiled, indexByID: indexByID),
            indexByID: indexByID,
            automaton: automaton
        )
        parts = Parts(
            model: model,
            normalizer: readingNormalizer,
            automaton: automaton,
            phraseRules: phraseRules,
            compiled: compiled,
            indexByID: indexByID,
            table: table
        )
    }

    /// Rule indices so that every rule comes after the rules it reads, and after the derived rules that cancel
    /// matches of those (a near rule cancelling `DEBUNK_VERDICT` runs before any rule that reads `DEBUNK_VERDICT`).
    private static func dependencyOrder(_ rules: [CompiledRule], indexByID: [String: Int]) -> [Int] {
        var order: [Int] = []
        var placed = [Bool](repeating: false, count: rules.count)
        var derivedCancellers = [[Int]](repeating: [], count: rules.count)
        for (index, rule) in rules.enumerated() {
            switch rule.kind {
            case .near, .obfuscated:
                for target in rule.cancels { derivedCancellers[target].append(index) }
            case .phrases, .pattern, .meta:
                continue
            }
        }
        func place(_ index: Int, depth: Int) {
            guard !placed[index], depth < rules.count + 1 else { return }
            let members: [Int] =
                switch rules[index].kind {
                case .near(let members, _, _), .obfuscated(let members): members
                case .meta(let expression): expression.ruleIDs.compactMap { indexByID[$0] }
                case .phrases, .pattern: []
                }
            let dependencies = members + members.flatMap { derivedCancellers[$0] }
            for dependency in dependencies where dependency != index { place(dependency, depth: depth + 1) }
            if !placed[index] {
                placed[index] = true
                order.append(index)
            }
        }
        for index in rules.indices { place(index, depth: 0) }
        return order
    }
}

/// Rules of a model that cannot be compiled.
public struct RuleSetError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable {
        public var ruleID: String
        public var message: String
    }

    public var problems: [Problem]
    public var description: String { problems.map { "\($0.ruleID): \($0.message)" }.joined(separator: "\n") }
}

/// A pattern rule's expression, compiled (``BytePattern``), with the prefilter that skips it on texts it cannot match.
struct CompiledPattern: Sendable {
    let pattern: BytePattern
    /// Bytes one of which every match contains, when derivable from the source.
    let prefilter: PatternPrefilter?

    init(_ source: String) throws(BytePatternError) {
        pattern = try BytePattern(source)
        prefilter = PatternPrefilter(pattern: source)
    }

    /// Matches in `bytes` (normalized), as byte ranges; searches at most the first `limit` bytes.
    func matches(in bytes: UnsafeBufferPointer<UInt8>, limit: Int, scratch: BytePattern.Scratch) -> [Range<Int>] {
        pattern.matches(in: bytes, limit: limit, scratch: scratch)
    }
}
