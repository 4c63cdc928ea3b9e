import Foundation

extension RuleSet {
    /// Longest normalized text a pattern rule searches (phrases read everything).
    static let patternSearchLimit = 20_000

    /// One match of one rule in one field, in normalized coordinates.
    struct Hit {
        var rule: Int
        var field: PostField
        var start: Int
        var end: Int
        var firstToken: Int
        var lastToken: Int
        var isInScope = false
    }

    /// A field after normalization, with what scoring needs to know about it.
    struct FieldText {
        var field: PostField
        var original: String
        var normalized: NormalizedText
        /// Normalized ranges between a pair of quotation marks.
        var quotations: [Range<Int>]
    }

    /// What scoring found beyond the result: which rules fired (building blocks included, for the rules'
    /// own examples) and, per scoring rule, the factor its weight was counted with (for `train`).
    struct RuleEvaluation {
        var result: ScoreResult
        var fired: Set<Int>
        /// Rule index → 1, or `debunk_discount` when every match sat in a debunk scope.
        var factors: [Int: Double]
    }

    /// Scores one post. Pure and synchronous, so any task may call it; one automaton pass per field.
    public func score(_ post: ScoredPost) -> ScoreResult {
        evaluate(post).result
    }

    func evaluate(_ post: ScoredPost) -> RuleEvaluation {
        var fields: [FieldText] = []
        for (field, text) in [(PostField.title, post.title), (.text, post.text)] where !text.isEmpty {
            let normalized = normalizer.normalize(text)
            fields.append(FieldText(field: field, original: text, normalized: normalized, quotations: Self.quotations(in: normalized)))
        }
        var hits = [[Hit]](repeating: [], count: compiled.count)
        for (fieldIndex, field) in fields.enumerated() {
            collectLexicalHits(in: field, fieldIndex: fieldIndex, into: &hits)
        }
        applyApplicability(post, fields: fields, to: &hits)
        applyCancellations(to: &hits)
        deriveHits(fields: fields, into: &hits)
        let isDebunkedPost = markScopes(fields: fields, hits: &hits)

        var fired = Set<Int>()
        var factors: [Int: Double] = [:]
        var rules: [FiredRule] = []
        var score = 0.0
        for index in order {
            let rule = compiled[index].rule
            var ruleHits = hits[index]
            if case .meta(let expression) = compiled[index].kind {
                guard applies(rule, to: post),
                    expression.evaluate({ id in indexByID[id].map { fired.contains($0) } ?? false })
                else { continue }
                let supporting = expression.supportingRules { id in indexByID[id].map { fired.contains($0) } ?? false }
                let supportingHits = supporting.compactMap { indexByID[$0] }.flatMap { hits[$0] }
                guard let first = supportingHits.min(by: { ($0.field == .title ? 0 : 1, $0.start) < ($1.field == .title ? 0 : 1, $1.start) })
                else { continue }
                var hit = first
                hit.rule = index
                hit.isInScope = isDebunkedPost || supportingHits.allSatisfy(\.isInScope)
                ruleHits = [hit]
                hits[index] = ruleHits
            }
            guard let best = ruleHits.min(by: { Self.precedes($0, $1) }) else { continue }
            fired.insert(index)
            guard !rule.isBuildingBlock else { continue }
            let isDiscounted = rule.role == .claim && ruleHits.allSatisfy(\.isInScope)
            factors[index] = isDiscounted ? model.debunkDiscount : 1
            guard rule.weight != 0 else { continue }
            let weight = isDiscounted ? rule.weight * model.debunkDiscount : rule.weight
            score += weight
            guard let field = fields.first(where: { $0.field == best.field }) else { continue }
            let span = field.normalized.originalRange(best.start..<best.end)
            let utf8 = Array(field.original.utf8)
            let clamped = max(0, min(span.lowerBound, utf8.count))..<max(0, min(span.upperBound, utf8.count))
            rules.append(
                FiredRule(
                    id: rule.id, weight: weight, modelWeight: rule.weight, isDiscounted: isDiscounted, field: best.field,
                    start: clamped.lowerBound, end: clamped.upperBound,
                    match: String(decoding: utf8[clamped], as: UTF8.self), description: rule.description))
        }
        rules.sort { ($0.field == .title ? 0 : 1, $0.start, $0.id) < ($1.field == .title ? 0 : 1, $1.start, $1.id) }
        let rounded = (score * 1000).rounded() / 1000
        return RuleEvaluation(
            result: ScoreResult(score: rounded, threshold: model.threshold, rules: rules, isDebunkedPost: isDebunkedPost),
            fired: fired, factors: factors)
    }

    private static func precedes(_ a: Hit, _ b: Hit) -> Bool {
        // Prefer a hit outside any debunk scope (it is what scores), then the title, then the earliest.
        (a.isInScope ? 1 : 0, a.field == .title ? 0 : 1, a.start) < (b.isInScope ? 1 : 0, b.field == .title ? 0 : 1, b.start)
    }

    private func collectLexicalHits(in field: FieldText, fieldIndex: Int, into hits: inout [[Hit]]) {
        let normalized = field.normalized
        automaton.forEachMatch(in: normalized) { phrase, start, end in
            let rule = phraseRules[phrase]
            hits[rule].append(
                Hit(rule: rule, field: field.field, start: start, end: end,
                    firstToken: normalized.tokenIndex(at: start), lastToken: normalized.tokenIndex(at: max(start, end - 1))))
        }
        var text: String?
        for (index, rule) in compiled.enumerated() {
            guard case .pattern(let pattern) = rule.kind else { continue }
            if text == nil { text = String(decoding: normalized.bytes, as: UTF8.self) }
            for range in pattern.matches(in: text ?? "", limit: Self.patternSearchLimit) where !range.isEmpty {
                hits[index].append(
                    Hit(rule: index, field: field.field, start: range.lowerBound, end: range.upperBound,
                        firstToken: normalized.tokenIndex(at: range.lowerBound),
                        lastToken: normalized.tokenIndex(at: max(range.lowerBound, range.upperBound - 1))))
            }
        }
    }

    /// Drops hits in a field the rule does not read, or in a post whose language it does not cover.
    private func applyApplicability(_ post: ScoredPost, fields: [FieldText], to hits: inout [[Hit]]) {
        for index in compiled.indices {
            let rule = compiled[index].rule
            if !applies(rule, to: post) {
                hits[index].removeAll()
            } else if rule.field != .any {
                hits[index].removeAll { $0.field.rawValue != rule.field.rawValue }
            }
        }
    }

    func applies(_ rule: ModelRule, to post: ScoredPost) -> Bool {
        guard let languages = rule.languages, let language = post.language, language != "mixed" else { return true }
        return languages.contains(language)
    }

    /// "no es estafa" cancels the "estafa" inside it: a cancelling hit removes overlapping hits of the rules it names.
    private func applyCancellations(to hits: inout [[Hit]]) {
        for rule in compiled.indices where !compiled[rule].cancels.isEmpty {
            for cancelling in hits[rule] {
                for target in compiled[rule].cancels {
                    hits[target].removeAll {
                        $0.field == cancelling.field && $0.start < cancelling.end && cancelling.start < $0.end
                    }
                }
            }
        }
    }

    /// Near and obfuscated rules, in dependency order (meta rules are evaluated while scoring).
    private func deriveHits(fields: [FieldText], into hits: inout [[Hit]]) {
        for index in order {
            switch compiled[index].kind {
            case .near(let members, let window, let ordered):
                hits[index] = Self.nearHits(rule: index, members: members.map { hits[$0] }, window: window, ordered: ordered)
            case .obfuscated(let members):
                for field in fields {
                    let spans = field.normalized.obfuscatedSpans
                    guard !spans.isEmpty else { continue }
                    for member in members {
                        for hit in hits[member] where hit.field == field.field {
                            if spans.contains(where: { $0.lowerBound < hit.end && hit.start < $0.upperBound }) {
                                var derived = hit
                                derived.rule = index
                                hits[index].append(derived)
                            }
                        }
                    }
                }
            default:
                continue
            }
        }
    }

    /// Combinations with one hit of each member, in one field, all within `window` tokens.
    static func nearHits(rule: Int, members: [[Hit]], window: Int, ordered: Bool) -> [Hit] {
        guard let anchorHits = members.first, !members.contains(where: \.isEmpty) else { return [] }
        var found: [Hit] = []
        for anchor in anchorHits {
            var chosen = [anchor]
            var isComplete = true
            for (position, candidates) in members.enumerated().dropFirst() {
                let previous = chosen[position - 1]
                let match = candidates.filter { candidate in
                    guard candidate.field == anchor.field else { return false }
                    if ordered && candidate.firstToken < previous.lastToken { return false }
                    let low = min(chosen.map(\.firstToken).min() ?? 0, candidate.firstToken)
                    let high = max(chosen.map(\.lastToken).max() ?? 0, candidate.lastToken)
                    return high - low <= window
                }.min { abs($0.firstToken - anchor.firstToken) < abs($1.firstToken - anchor.firstToken) }
                guard let match else {
                    isComplete = false
                    break
                }
                chosen.append(match)
            }
            guard isComplete else { continue }
            found.append(
                Hit(rule: rule, field: anchor.field, start: chosen.map(\.start).min() ?? anchor.start,
                    end: chosen.map(\.end).max() ?? anchor.end, firstToken: chosen.map(\.firstToken).min() ?? 0,
                    lastToken: chosen.map(\.lastToken).max() ?? 0))
        }
        return found
    }

    /// Marks claim hits inside a debunk scope. Returns whether a cue covers the whole post.
    private func markScopes(fields: [FieldText], hits: inout [[Hit]]) -> Bool {
        var isWholePost = false
        var hasCue = false
        var ranges: [(PostField, Range<Int>)] = []
        for index in compiled.indices {
            let rule = compiled[index].rule
            guard rule.role == .debunk, let scope = rule.scope, !hits[index].isEmpty else { continue }
            hasCue = true
            switch scope {
            case .post:
                isWholePost = true
            case .following(let tokens):
                for cue in hits[index] {
                    guard let field = fields.first(where: { $0.field == cue.field }) else { continue }
                    var end = field.normalized.byteOffset(ofToken: cue.lastToken + tokens + 1)
                    // A quotation starting inside the scope is covered to its end.
                    for quotation in field.quotations where quotation.lowerBound <= end && quotation.upperBound > end {
                        end = quotation.upperBound
                    }
                    ranges.append((cue.field, cue.start..<max(cue.end, end)))
                }
            }
        }
        guard hasCue else { return false }
        for index in compiled.indices where compiled[index].rule.role == .claim {
            for hitIndex in hits[index].indices {
                let hit = hits[index][hitIndex]
                let inRange = ranges.contains { $0.0 == hit.field && $0.1.lowerBound <= hit.start && hit.start < $0.1.upperBound }
                let inQuote = fields.first { $0.field == hit.field }?.quotations.contains {
                    $0.lowerBound <= hit.start && hit.end <= $0.upperBound
                } ?? false
                hits[index][hitIndex].isInScope = isWholePost || inRange || inQuote
            }
        }
        return isWholePost
    }

    /// Normalized ranges between pairs of `"` tokens (the normalizer unifies every quotation mark to `"`);
    /// an unpaired last mark quotes to the end of the field.
    static func quotations(in text: NormalizedText) -> [Range<Int>] {
        var marks: [Int] = []
        for (offset, byte) in text.bytes.enumerated() where byte == UInt8(ascii: "\"") { marks.append(offset) }
        var ranges: [Range<Int>] = []
        var index = 0
        while index < marks.count {
            let open = marks[index]
            let close = index + 1 < marks.count ? marks[index + 1] + 1 : text.bytes.count
            ranges.append(open..<close)
            index += 2
        }
        return ranges
    }
}

extension NormalizedText {
    /// The normalized byte offset where token `index` starts (the end of the text past the last token).
    func byteOffset(ofToken index: Int) -> Int {
        guard index < tokenCount else { return bytes.count }
        var token = -1
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] != 0x20 && (offset == 0 || bytes[offset - 1] == 0x20) {
                token += 1
                if token == index { return offset }
            }
            offset += 1
        }
        return bytes.count
    }
}
