import Foundation

extension RuleSet {
    /// Longest normalized text a pattern rule searches, in bytes (phrases read everything). Normalized text is
    /// mostly ASCII, so this is about the 20,000 UTF-16 units ICU was once given.
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
        /// Inside a quotation of a post with a debunk cue (a subset of ``isInScope``).
        var isQuoted = false
    }

    /// A field after normalization, with what scoring needs to know about it.
    struct FieldText {
        var field: PostField
        /// The field's UTF-8, valid while the post is scored.
        var original: UnsafeBufferPointer<UInt8>
        var normalized: NormalizedText
    }

    /// A post as the UTF-8 of its fields (valid UTF-8, borrowed for the call): what scoring reads.
    struct PostBytes {
        var title: UnsafeBufferPointer<UInt8>
        var text: UnsafeBufferPointer<UInt8>
        var language: String?
    }

    /// What scoring found beyond the result: which rules fired (building blocks included, for the rules'
    /// own examples) and, per scoring rule, the factor its weight was counted with (for `train`).
    struct RuleEvaluation {
        var result: ScoreResult
        /// Per rule index: whether it fired.
        var fired: [Bool]
        /// Rule index → 1, or `debunk_discount` when every match sat in a debunk scope.
        var factors: [Int: Double]
    }

    /// The hits of one post, per rule, and which rules fired, with the agenda of rules that have anything:
    /// every rule with a hit or fired is on the agenda, so emptying it costs one visit per such rule.
    struct Matches {
        /// Per rule, its hits.
        var hits: [[Hit]] = []
        /// Per rule, whether it fired.
        var fired: [Bool] = []
        /// The rules that matched, or read a rule that matched (positions in ``RuleTable/order``).
        var agenda = RuleAgenda(count: 0)

        /// Sizes the buffers for `table` (they start empty and are left empty by ``reset(order:)``).
        mutating func prepare(for table: RuleTable) {
            guard hits.count != table.count else { return }
            hits = [[Hit]](repeating: [], count: table.count)
            fired = [Bool](repeating: false, count: table.count)
            agenda = RuleAgenda(count: table.count)
        }

        /// Adds a hit of a rule that matches text itself, putting the rule on the agenda.
        mutating func appendLexical(_ hit: Hit, table: RuleTable) {
            if hits[hit.rule].isEmpty { agenda.insert(table.positions[hit.rule]) }
            hits[hit.rule].append(hit)
        }

        /// Puts the rules that wait for `rule` (``RuleTable/dependents(of:)``) on the agenda.
        mutating func scheduleDependents(of rule: Int, table: RuleTable) {
            for position in table.dependents(of: rule) { agenda.insert(position) }
        }

        /// Calls `body` with each rule on the agenda, in dependency order (`order`), and these matches to read and
        /// change: a rule that `body` puts on the agenda further on is visited too.
        mutating func forEachScheduledRule(order: [Int], _ body: (_ rule: Int, _ matches: inout Matches) -> Void) {
            var position = agenda.first
            while let current = position {
                body(order[current], &self)
                position = agenda.next(after: current)
            }
        }

        /// Empties the hits and fired flags of the rules on the agenda, and the agenda.
        mutating func reset(order: [Int]) {
            forEachScheduledRule(order: order) { rule, matches in
                matches.hits[rule].removeAll(keepingCapacity: true)
                matches.fired[rule] = false
            }
            agenda.removeAll()
        }
    }

    /// Buffers that a caller scoring many posts in a row keeps from one post to the next (``PostScoringStream``
    /// keeps one per slice of a batch), so normalizing does not allocate them again for every post.
    struct Scratch {
        var title = Normalizer.Scratch()
        var text = Normalizer.Scratch()
        /// What the post being scored matched; empty between posts.
        var matches = Matches()
        var fields: [FieldText] = []

        /// The pattern matcher's stack and visited record.
        var patterns = BytePattern.Scratch()
    }

    /// Scores one post. Pure and synchronous, so any task may call it; one automaton pass per field.
    public func score(_ post: ScoredPost) -> ScoreResult {
        var scratch = Scratch()
        return score(post, scratch: &scratch)
    }

    /// Scores one post in the buffers of `scratch`; the same result as ``score(_:)``.
    func score(_ post: ScoredPost, scratch: inout Scratch) -> ScoreResult {
        Self.withBytes(of: post) { score($0, scratch: &scratch) }
    }

    /// Scores one post given as UTF-8, in the buffers of `scratch`: what ``PostScoringStream`` calls with the fields
    /// as they sit in the input line, so they are not copied into strings first.
    func score(_ post: PostBytes, scratch: inout Scratch) -> ScoreResult {
        var factors: [Int: Double]?
        return evaluate(post, factors: &factors, reportsFired: false, scratch: &scratch).result
    }

    func evaluate(_ post: ScoredPost) -> RuleEvaluation {
        var factors: [Int: Double]? = [:]
        var scratch = Scratch()
        let (result, fired) = Self.withBytes(of: post) {
            evaluate($0, factors: &factors, reportsFired: true, scratch: &scratch)
        }
        return RuleEvaluation(result: result, fired: fired ?? [], factors: factors ?? [:])
    }

    /// Calls `body` with the UTF-8 of `post`'s fields.
    private static func withBytes<Result>(of post: ScoredPost, _ body: (PostBytes) -> Result) -> Result {
        var title = post.title
        var text = post.text
        return title.withUTF8 { title in
            text.withUTF8 { text in body(PostBytes(title: title, text: text, language: post.language)) }
        }
    }

    /// Scores `post`; records each scoring rule's factor in `factors` unless it is nil, and returns which rules
    /// fired when `reportsFired`.
    private func evaluate(
        _ post: PostBytes,
        factors: inout [Int: Double]?,
        reportsFired: Bool,
        scratch: inout Scratch
    ) -> (result: ScoreResult, fired: [Bool]?) {
        var fields: [FieldText] = []
        swap(&fields, &scratch.fields)
        fields.reserveCapacity(2)
        if !post.title.isEmpty {
            let normalized = normalizer.normalize(utf8: post.title, scratch: &scratch.title)
            fields.append(FieldText(field: .title, original: post.title, normalized: normalized))
        }
        if !post.text.isEmpty {
            let normalized = normalizer.normalize(utf8: post.text, scratch: &scratch.text)
            fields.append(FieldText(field: .text, original: post.text, normalized: normalized))
        }
        defer {
            while let field = fields.popLast() {
                if field.field == .title {
                    scratch.title.recycle(field.normalized)
                } else {
                    scratch.text.recycle(field.normalized)
                }
            }
            swap(&fields, &scratch.fields)
        }
        var matches = Matches()
        swap(&matches, &scratch.matches)
        matches.prepare(for: table)
        defer {
            matches.reset(order: table.order)
            swap(&matches, &scratch.matches)
        }
        // Fields are read in place through the buffer: copying a field out of the array would retain its six arrays.
        let result = fields.withUnsafeBufferPointer { fields in
            evaluate(
                post, fields: fields, matches: &matches, factors: &factors, runsEveryPattern: reportsFired,
                patternScratch: scratch.patterns)
        }
        return (result, reportsFired ? matches.fired : nil)
    }

    /// Scores `post` from its normalized `fields`, with `matches` empty on entry. Pattern rules that cannot change the
    /// result are skipped (``PatternDemand``) unless `runsEveryPattern`, for a caller that asks which building blocks
    /// fired.
    private func evaluate(
        _ post: PostBytes,
        fields: UnsafeBufferPointer<FieldText>,
        matches: inout Matches,
        factors: inout [Int: Double]?,
        runsEveryPattern: Bool,
        patternScratch: BytePattern.Scratch
    ) -> ScoreResult {
        // Phrases first, in every field: whether a pattern can matter is judged from the phrase hits of the whole post.
        var presentClasses: (UInt64, UInt64) = (0, 0)  // by position in `fields`: a title and a text at most
        for index in fields.indices {
            let classes = collectPhraseHits(in: fields[index], into: &matches)
            if index == 0 { presentClasses.0 = classes } else { presentClasses.1 = classes }
        }
        collectPatternHits(
            in: fields, presentClasses: presentClasses, everyPattern: runsEveryPattern, into: &matches,
            scratch: patternScratch)
        // Closures below read the table through this reference: one that read `self.table` would capture a copy of
        // the whole rule set, retaining each of its arrays, for every post.
        let table = self.table
        let applies = table.applicability(for: post.language)
        applyApplicability(applies, to: &matches)
        dropMentionedCues(fields: fields, hits: &matches.hits)
        applyCancellations(to: &matches.hits)
        deriveHits(fields: fields, into: &matches)
        let isDebunkedPost = markScopes(fields: fields, matches: &matches)

        var rules: [FiredRule] = []
        var score = 0.0
        // Only the rules on the agenda can fire; a rule that fires puts the meta rules watching it on the agenda.
        func visit(_ index: Int, _ matches: inout Matches) {
            if case .meta(let meta) = table.kinds[index] {
                guard applies[index], table.metas.requirementsMet(meta, fired: matches.fired) else { return }
                // The earliest hit of the rules that can explain the expression (title first). Without one the
                // expression does not fire, whatever its value: it is evaluated only after.
                var first: Hit?
                var isAllInScope = true
                var isAllQuoted = true
                for slot in table.metas.supportingSlots(of: meta) {
                    let supporting = table.metas.supportingCandidate(at: slot)
                    guard matches.fired[supporting] else { continue }
                    for hit in matches.hits[supporting] {
                        if !hit.isInScope { isAllInScope = false }
                        if !hit.isQuoted { isAllQuoted = false }
                        if let current = first, !Self.isEarlier(hit, than: current) { continue }
                        first = hit
                    }
                }
                guard var hit = first, table.metas.evaluate(meta, fired: matches.fired) else { return }
                hit.rule = index
                hit.isInScope = isDebunkedPost || isAllInScope
                hit.isQuoted = isAllQuoted
                matches.hits[index] = [hit]
            }
            // Read in place: a copy of the list would retain it.
            guard let best = matches.hits[index].min(by: { Self.precedes($0, $1) }) else { return }
            matches.fired[index] = true
            matches.scheduleDependents(of: index, table: table)
            guard !table.isBuildingBlock[index] else { return }
            let isDiscounted = isDiscounted(index, hits: matches.hits[index])
            if factors != nil { factors?[index] = isDiscounted ? table.debunkDiscount : 1 }
            let modelWeight = table.weights[index]
            guard modelWeight != 0 else { return }
            let weight = isDiscounted ? modelWeight * table.debunkDiscount : modelWeight
            score += weight
            guard let fieldIndex = Self.index(of: best.field, in: fields) else { return }
            let span = fields[fieldIndex].normalized.originalRange(best.start..<best.end)
            let utf8 = fields[fieldIndex].original
            let clamped = max(0, min(span.lowerBound, utf8.count))..<max(0, min(span.upperBound, utf8.count))
            let match = (clamped, String(decoding: UnsafeBufferPointer(rebasing: utf8[clamped]), as: UTF8.self))
            rules.append(
                FiredRule(
                    id: table.ids[index],
                    weight: weight,
                    modelWeight: modelWeight,
                    isDiscounted: isDiscounted,
                    field: best.field,
                    start: match.0.lowerBound,
                    end: match.0.upperBound,
                    match: match.1,
                    description: table.descriptions[index]
                )
            )
        }
        matches.forEachScheduledRule(order: table.order, visit)
        rules.sort { ($0.field == .title ? 0 : 1, $0.start, $0.id) < ($1.field == .title ? 0 : 1, $1.start, $1.id) }
        let rounded = (score * 1000).rounded() / 1000
        return ScoreResult(score: rounded, threshold: model.threshold, rules: rules, isDebunkedPost: isDebunkedPost)
    }

    /// Where `field` sits in `fields`, compared in place (a closure over the elements would copy each one).
    private static func index(of field: PostField, in fields: UnsafeBufferPointer<FieldText>) -> Int? {
        for index in fields.indices where fields[index].field == field { return index }
        return nil
    }

    /// Title before text, then the earlier start (how a meta rule picks the hit that explains it).
    private static func isEarlier(_ a: Hit, than b: Hit) -> Bool {
        (a.field == .title ? 0 : 1, a.start) < (b.field == .title ? 0 : 1, b.start)
    }

    private static func precedes(_ a: Hit, _ b: Hit) -> Bool {
        // Prefer a hit outside any debunk scope (it is what scores), then the title, then the earliest.
        (a.isInScope ? 1 : 0, a.field == .title ? 0 : 1, a.start) < (
            b.isInScope ? 1 : 0, b.field == .title ? 0 : 1, b.start
        )
    }

    /// Adds the hits of the phrase rules in `field`; returns the byte classes the field holds
    /// (``PhraseAutomaton/forEachTokenMatch(in:_:)``).
    private func collectPhraseHits(in field: borrowing FieldText, into matches: inout Matches) -> UInt64 {
        let fieldName = field.field
        let table = self.table  // not `self.table` in the closure: that would capture a copy of the rule set
        return phraseRules.withUnsafeBufferPointer { phraseRules in
            automaton.forEachTokenMatch(in: field.normalized) { phrase, start, end, firstToken, lastToken in
                let rule = phraseRules[phrase]
                matches.appendLexical(
                    Hit(rule: rule, field: fieldName, start: start, end: end, firstToken: firstToken, lastToken: lastToken),
                    table: table
                )
            }
        }
    }

    /// Adds the hits of the pattern rules in `fields`, once the phrase hits of every field are in: a pattern runs on a
    /// field when its prefilter finds one of its bytes among that field's `presentClasses`, and only if it can change
    /// the result (``PatternDemand``, asked once per post) or with `everyPattern`.
    private func collectPatternHits(
        in fields: UnsafeBufferPointer<FieldText>,
        presentClasses: (UInt64, UInt64),
        everyPattern: Bool,
        into matches: inout Matches,
        scratch: BytePattern.Scratch
    ) {
        let table = self.table
        guard !table.patterns.isEmpty else { return }
        // Entries are read in place: a copy would retain its pattern's arrays, shared by every scoring thread.
        table.patterns.withUnsafeBufferPointer { patterns in
            for entry in patterns.indices {
                let prefilter = patterns[entry].prefilterClasses
                guard prefilter & (presentClasses.0 | presentClasses.1) != 0,
                    everyPattern || table.patternDemand.isNeeded(entry, hits: matches.hits)
                else { continue }
                for index in fields.indices where prefilter & (index == 0 ? presentClasses.0 : presentClasses.1) != 0 {
                    appendPatternHits(of: entry, in: fields[index], patterns: patterns, into: &matches, scratch: scratch)
                }
            }
        }
    }

    /// Runs pattern entry `entry` on one field and adds its matches as hits (entries read in place from `patterns`).
    private func appendPatternHits(
        of entry: Int,
        in field: borrowing FieldText,
        patterns: UnsafeBufferPointer<RuleTable.PatternRule>,
        into matches: inout Matches,
        scratch: BytePattern.Scratch
    ) {
        let table = self.table
        let fieldName = field.field
        let rule = patterns[entry].rule
        let ranges = field.normalized.bytes.withUnsafeBufferPointer { bytes in
            patterns[entry].pattern.matches(in: bytes, limit: Self.patternSearchLimit, scratch: scratch)
        }
        for range in ranges where !range.isEmpty {
            matches.appendLexical(
                Hit(
                    rule: rule,
                    field: fieldName,
                    start: range.lowerBound,
                    end: range.upperBound,
                    firstToken: field.normalized.tokenIndex(at: range.lowerBound),
                    lastToken: field.normalized.tokenIndex(at: max(range.lowerBound, range.upperBound - 1))
                ),
                table: table
            )
        }
    }

    /// Drops hits in a field the rule does not read, or in a post whose language it does not cover
    /// (`applies[rule]`, from ``RuleTable/applicability(for:)``). Only rules that match text have hits yet, and all of
    /// them are on the agenda.
    private func applyApplicability(_ applies: [Bool], to matches: inout Matches) {
        matches.forEachScheduledRule(order: table.order) { index, matches in
            if !applies[index] {
                matches.hits[index].removeAll(keepingCapacity: true)
            } else if let only = table.onlyField[index] {
                matches.hits[index].removeAll { $0.field != only }
            }
        }
    }

    /// Drops the hits of debunk cues quoted in a few words (`"scam"`, `"se eskwokri"`, `"Kathy, eso es fake"`): a
    /// word the post mentions, mostly to brush it off ("people in the comments call it "scam""), not the author's
    /// verdict, so it neither counts nor opens a scope. A longer quotation is left alone: someone quoted at length
    /// (an expert, an official) speaks for the post.
    private func dropMentionedCues(fields: UnsafeBufferPointer<FieldText>, hits: inout [[Hit]]) {
        guard table.scopedCues.contains(where: { !hits[$0.rule].isEmpty }) else { return }
        let mentions = fields.indices.map { index in
            Self.quotations(in: fields[index].normalized).filter { quotation in
                // The quotation marks are tokens too: `" scam "` has two spaces inside for one word.
                fields[index].normalized.bytes[quotation].count { $0 == 0x20 } <= Self.mentionWords + 1
            }
        }
        guard mentions.contains(where: { !$0.isEmpty }) else { return }
        for (rule, _) in table.scopedCues where !hits[rule].isEmpty {
            hits[rule].removeAll { hit in
                guard let field = Self.index(of: hit.field, in: fields) else { return false }
                return mentions[field].contains { $0.lowerBound <= hit.start && hit.end <= $0.upperBound }
            }
        }
    }

    /// Most words a quotation may have for a debunk cue inside it to be a mention (``dropMentionedCues(fields:hits:)``).
    static let mentionWords = 4

    /// "no es estafa" cancels the "estafa" inside it: a cancelling hit removes overlapping hits of the rules it names.
    /// Phrase and pattern rules cancel here, before any rule is derived; near and obfuscated rules cancel as soon as
    /// they are derived (``deriveHits(fields:into:)``), before the rules that read their targets.
    private func applyCancellations(to hits: inout [[Hit]]) {
        for rule in table.lexicalCancellers where !hits[rule].isEmpty {
            applyCancellations(of: rule, to: &hits)
        }
    }

    private func applyCancellations(of rule: Int, to hits: inout [[Hit]]) {
        for cancelling in hits[rule] {
            for target in table.cancels[rule] {
                hits[target].removeAll {
                    $0.field == cancelling.field && $0.start < cancelling.end && cancelling.start < $0.end
                }
            }
        }
    }

    /// Near and obfuscated rules, in dependency order (meta rules are evaluated while scoring): a rule with hits puts
    /// the rules waiting for it on the agenda, so a near rule is derived only when its first member matched, an
    /// obfuscated rule when some member did.
    private func deriveHits(fields: UnsafeBufferPointer<FieldText>, into matches: inout Matches) {
        matches.forEachScheduledRule(order: table.order) { index, matches in
            switch table.kinds[index] {
            case .near(let near):
                // Most posts lack some member: skip the combinations (and their allocations) then. Read in place:
                // a copy of the rule would retain its member list, shared by every scoring thread.
                if !table.near[near].members.contains(where: { matches.hits[$0].isEmpty }) {
                    matches.hits[index] = Self.nearHits(
                        rule: index,
                        members: table.near[near].members.map { matches.hits[$0] },
                        window: table.near[near].window,
                        ordered: table.near[near].ordered,
                        everyLastMember: !table.cancels[index].isEmpty
                    )
                    if !table.cancels[index].isEmpty { applyCancellations(of: index, to: &matches.hits) }
                }
            case .obfuscated(let obfuscated):
                for fieldIndex in fields.indices where !fields[fieldIndex].normalized.obfuscatedSpans.isEmpty {
                    let spans = fields[fieldIndex].normalized.obfuscatedSpans
                    let field = fields[fieldIndex].field
                    for member in table.obfuscated[obfuscated] {
                        for hit in matches.hits[member] where hit.field == field {
                            if spans.contains(where: { $0.lowerBound < hit.end && hit.start < $0.upperBound }) {
                                var derived = hit
                                derived.rule = index
                                matches.hits[index].append(derived)
                            }
                        }
                    }
                }
                if !table.cancels[index].isEmpty { applyCancellations(of: index, to: &matches.hits) }
            case .phrases, .pattern, .meta:
                break
            }
            if !matches.hits[index].isEmpty { matches.scheduleDependents(of: index, table: table) }
        }
    }

    /// Combinations with one hit of each member, in one field, all within `window` tokens: per hit of the first
    /// member, the nearest hit of each other member. With `everyLastMember`, every hit of the last member within the
    /// window makes its own combination (a cancelling rule then cancels each of them: in "the fact-checkers call this
    /// rumor false", both "rumor" and "false" are the fact-checkers' words).
    static func nearHits(
        rule: Int,
        members: [[Hit]],
        window: Int,
        ordered: Bool,
        everyLastMember: Bool = false
    ) -> [Hit] {
        guard let anchorHits = members.first, !members.contains(where: \.isEmpty) else { return [] }
        var found: [Hit] = []
        // The combination being built, as the span of its hits so far (its tokens and bytes) and its last hit: all a
        // further member's candidate is checked against. No arrays: this runs for every post a near rule could match.
        anchors: for anchor in anchorHits {
            var combined = anchor
            combined.rule = rule
            combined.isInScope = false
            var previous = anchor
            for (position, candidates) in members.enumerated().dropFirst() {
                let takesEveryCandidate = everyLastMember && position == members.count - 1
                var nearest: Hit?
                for candidate in candidates {
                    guard candidate.field == anchor.field else { continue }
                    if ordered && candidate.firstToken < previous.lastToken { continue }
                    let low = min(combined.firstToken, candidate.firstToken)
                    let high = max(combined.lastToken, candidate.lastToken)
                    guard high - low <= window else { continue }
                    if takesEveryCandidate {
                        found.append(Self.combination(combined, candidate))
                        continue
                    }
                    // The nearest to the anchor; the first of equals.
                    if let best = nearest,
                        abs(best.firstToken - anchor.firstToken) <= abs(candidate.firstToken - anchor.firstToken)
                    {
                        continue
                    }
                    nearest = candidate
                }
                if takesEveryCandidate { continue anchors }
                guard let chosen = nearest else { continue anchors }
                combined = Self.combination(combined, chosen)
                previous = chosen
            }
            found.append(combined)
        }
        return found
    }

    /// `combined` (a hit of a near rule) widened to cover `hit`, in the same field.
    private static func combination(_ combined: Hit, _ hit: Hit) -> Hit {
        var result = combined
        result.start = min(combined.start, hit.start)
        result.end = max(combined.end, hit.end)
        result.firstToken = min(combined.firstToken, hit.firstToken)
        result.lastToken = max(combined.lastToken, hit.lastToken)
        return result
    }

    /// Marks the hits inside a debunk scope. Returns whether a cue covers the whole post.
    private func markScopes(fields: UnsafeBufferPointer<FieldText>, matches: inout Matches) -> Bool {
        guard table.scopedCues.contains(where: { !matches.hits[$0.rule].isEmpty }) else { return false }
        let quotations = fields.indices.map {
            Self.quotations(in: fields[$0].normalized) + Self.replyQuotes(in: fields[$0])
        }
        var isWholePost = false
        var ranges: [(PostField, Range<Int>)] = []
        for (index, scope) in table.scopedCues where !matches.hits[index].isEmpty {
            switch scope {
            case .post:
                isWholePost = true
            case .quotations:
                continue  // the quotations are marked below whenever any cue fired
            case .following(let tokens):
                for cue in matches.hits[index] {
                    guard let fieldIndex = Self.index(of: cue.field, in: fields) else { continue }
                    var end = fields[fieldIndex].normalized.byteOffset(ofToken: cue.lastToken + tokens + 1)
                    // A quotation starting inside the scope is covered to its end.
                    for quotation in quotations[fieldIndex]
                    where quotation.lowerBound <= end && quotation.upperBound > end {
                        end = quotation.upperBound
                    }
                    ranges.append((cue.field, cue.start..<max(cue.end, end)))
                }
            }
        }
        // Every hit is marked, building blocks included: a meta rule built from them is discounted when all the
        // hits behind it sit in a scope (only claim rules are ever discounted).
        matches.forEachScheduledRule(order: table.order) { index, matches in
            for hitIndex in matches.hits[index].indices {
                let hit = matches.hits[index][hitIndex]
                let inRange = ranges.contains {
                    $0.0 == hit.field && $0.1.lowerBound <= hit.start && hit.start < $0.1.upperBound
                }
                let inQuote =
                    Self.index(of: hit.field, in: fields).map { fieldIndex in
                        quotations[fieldIndex].contains { $0.lowerBound <= hit.start && hit.end <= $0.upperBound }
                    } ?? false
                matches.hits[index][hitIndex].isInScope = isWholePost || inRange || inQuote
                matches.hits[index][hitIndex].isQuoted = inQuote
            }
        }
        return isWholePost
    }

    /// Whether rule `index` counts at `debunk_discount` of its weight: a claim rule whose every hit sits in a debunk
    /// scope; a neutral rule that scores for a claim (a seller's own warning) only when it is all quoted, as in a
    /// fact-check that quotes the seller's ad.
    private func isDiscounted(_ index: Int, hits: [Hit]) -> Bool {
        switch table.roles[index] {
        case .claim: hits.allSatisfy(\.isInScope)
        case .neutral: table.weights[index] > 0 && hits.allSatisfy(\.isQuoted)
        case .debunk: false
        }
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
