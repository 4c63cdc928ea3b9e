import Foundation
import Testing

@testable import ParoleWatchCore

/// The rule kinds and the debunk scope, on small models written in code.
@Suite("Rule engine")
struct RuleEngineTests {
    func ruleSet(_ rules: [ModelRule], threshold: Double = 1) throws -> RuleSet {
        try RuleSet(ScoringModel(threshold: threshold, debunkDiscount: 0.2, rules: rules))
    }

    @Test("near fires only within the window, and in order when ordered")
    func proximity() throws {
        let rules = try ruleSet([
            ModelRule(id: "__A", matcher: .phrases(["alpha"])),
            ModelRule(id: "__B", matcher: .phrases(["beta"])),
            ModelRule(id: "NEAR", weight: 1, matcher: .near(rules: ["__A", "__B"], window: 3, ordered: false)),
            ModelRule(id: "ORDERED", weight: 1, matcher: .near(rules: ["__A", "__B"], window: 3, ordered: true)),
        ])
        let fired = { (text: String) in Set(rules.score(ScoredPost(text: text)).rules.map(\.id)) }
        #expect(fired("alpha x beta") == ["NEAR", "ORDERED"])
        #expect(fired("beta x alpha") == ["NEAR"])
        #expect(fired("alpha one two three four beta").isEmpty)
    }

    @Test("a near rule pairs each hit of its first member with the nearest hit of the others, the first of equals")
    func nearestMember() throws {
        let rules = try ruleSet([
            ModelRule(id: "__A", matcher: .phrases(["alpha"])),
            ModelRule(id: "__B", matcher: .phrases(["beta"])),
            ModelRule(id: "__C", matcher: .phrases(["gamma"])),
            ModelRule(id: "NEAR", weight: 1, matcher: .near(rules: ["__A", "__B", "__C"], window: 4, ordered: false)),
        ])
        let match = { (text: String) in rules.score(ScoredPost(text: text)).rules.first { $0.id == "NEAR" }?.match }
        // Two betas one token from alpha: the earlier one is taken, and gamma must then fit the window with it.
        #expect(match("beta alpha beta gamma") == "beta alpha beta gamma")
        #expect(match("gamma x beta alpha beta") == "gamma x beta alpha")
        // The nearest beta leaves gamma out of the window: no combination for this alpha, none at all.
        #expect(match("gamma x y z beta alpha beta") == nil)
    }

    @Test("meta rules combine other rules with and, or, not")
    func metaRules() throws {
        let rules = try ruleSet([
            ModelRule(id: "__A", matcher: .phrases(["alpha"])),
            ModelRule(id: "__B", matcher: .phrases(["beta"])),
            ModelRule(id: "__C", matcher: .phrases(["gamma"])),
            ModelRule(id: "META", weight: 2, matcher: .meta(try RuleExpression.parse("__A && (__B || !__C)"))),
        ])
        let fires = { (text: String) in rules.score(ScoredPost(text: text)).rules.contains { $0.id == "META" } }
        #expect(fires("alpha beta gamma"))
        #expect(fires("alpha"))
        #expect(!fires("alpha gamma"))
        #expect(!fires("beta"))
    }

    @Test("each rule counts once however often it matches")
    func ruleCountsOnce() throws {
        let rules = try ruleSet([ModelRule(id: "WORD", weight: 1.5, matcher: .phrases(["alpha"]))])
        #expect(rules.score(ScoredPost(text: "alpha alpha alpha")).score == 1.5)
    }

    @Test("a prefix phrase matches word forms; a plain phrase only whole tokens")
    func prefixPhrases() throws {
        let rules = try ruleSet([
            ModelRule(id: "PREFIX", weight: 1, matcher: .phrases(["reabr*"])),
            ModelRule(id: "WHOLE", weight: 1, matcher: .phrases(["parole"])),
        ])
        #expect(rules.score(ScoredPost(text: "reabrieron")).rules.map(\.id) == ["PREFIX"])
        #expect(rules.score(ScoredPost(text: "paroles")).rules.isEmpty)
    }

    @Test("a post-wide debunk cue discounts every claim rule; a following cue only what comes after it")
    func debunkScopes() throws {
        let rules = try ruleSet([
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
            ModelRule(id: "VERDICT", weight: -1, matcher: .phrases(["false"]), scope: .post),
            ModelRule(id: "INTRO", weight: 0, matcher: .phrases(["circulating"]), role: .debunk, scope: .following(tokens: 3)),
        ], threshold: 3)
        #expect(!rules.score(ScoredPost(text: "reopened! that is false")).isAlert)
        #expect(!rules.score(ScoredPost(text: "circulating: reopened")).isAlert)
        #expect(rules.score(ScoredPost(text: "circulating one two three four five reopened")).isAlert)
    }

    @Test("a meta or near rule built from building blocks is discounted when all its hits sit in a scope")
    func derivedRulesInScope() throws {
        let rules = try ruleSet([
            ModelRule(id: "__APPLY", matcher: .phrases(["apply"])),
            ModelRule(id: "__AGAIN", matcher: .phrases(["again"])),
            ModelRule(id: "__APPLY_AGAIN", matcher: .near(rules: ["__APPLY", "__AGAIN"], window: 3, ordered: false)),
            ModelRule(id: "APPLYING_AGAIN", weight: 4, matcher: .meta(try RuleExpression.parse("__APPLY_AGAIN"))),
            ModelRule(id: "INTRO", weight: 0, matcher: .phrases(["claiming"]), role: .debunk, scope: .following(tokens: 5)),
        ], threshold: 3)
        #expect(rules.score(ScoredPost(text: "you can apply again")).isAlert)
        let quoted = rules.score(ScoredPost(text: "a voice note claiming you can apply again"))
        #expect(!quoted.isAlert)
        #expect(quoted.rules.first { $0.id == "APPLYING_AGAIN" }?.weight == 0.8)
        #expect(rules.score(ScoredPost(text: "a voice note claiming one two three four five six: apply again")).isAlert)
    }

    @Test("with a cue in the post, a claim inside quotation marks is discounted; without one it counts")
    func quotations() throws {
        let rules = try ruleSet([
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
            ModelRule(id: "CUE", weight: 0, matcher: .phrases(["careful"]), role: .debunk, scope: .following(tokens: 1)),
        ], threshold: 3)
        #expect(rules.score(ScoredPost(text: "my friend says \"reopened\"")).isAlert)
        #expect(!rules.score(ScoredPost(text: "careful. someone wrote \"reopened\" in the group")).isAlert)
    }

    @Test("a quotations-only cue discounts the claims in quotation marks and nothing else")
    func quotationsOnlyScope() throws {
        let rules = try ruleSet([
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
            ModelRule(id: "ENDED", weight: -1, matcher: .phrases(["ended in 2025"]), role: .debunk, scope: .quotations),
        ], threshold: 3)
        let quoted = rules.score(ScoredPost(text: "the headline \"it reopened\" is old: it ended in 2025"))
        #expect(!quoted.isAlert)
        #expect(quoted.rules.first { $0.id == "CLAIM" }?.weight == 0.8)
        // Said outside quotation marks, the claim keeps its weight: "it ended in 2025, but now it reopened".
        #expect(rules.score(ScoredPost(text: "it ended in 2025, but now it reopened")).score == 3)
    }

    @Test("lines quoted with > in a reply are quotations: discounted when the post has a cue, not otherwise")
    func replyQuotedLines() throws {
        let rules = try ruleSet([
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
            ModelRule(id: "ENDED", weight: -1, matcher: .phrases(["ended in 2025"]), role: .debunk, scope: .quotations),
        ], threshold: 3)
        let reply = rules.score(ScoredPost(text: "> it reopened!! my cousin\n>  flies monday\nno: it ended in 2025"))
        #expect(!reply.isAlert)
        #expect(reply.rules.first { $0.id == "CLAIM" }?.weight == 0.8)
        // The match is still reported on its own bytes of the original.
        let claim = try #require(reply.rules.first { $0.id == "CLAIM" })
        #expect(claim.isDiscounted && claim.match == "reopened")
        #expect(Array("> it reopened!! my cousin".utf8)[claim.start..<claim.end].elementsEqual("reopened".utf8))
        // Without a cue the quoted claim counts; a `>` inside a line quotes nothing; the claim after a quoted
        // line keeps its weight.
        #expect(rules.score(ScoredPost(text: "> it reopened")).score == 4)
        #expect(rules.score(ScoredPost(text: "it ended in 2025 > it reopened")).score == 3)
        #expect(rules.score(ScoredPost(text: "> it ended in 2025\nwrong, it reopened")).score == 3)
    }

    @Test("reply-quoted lines map to the normalized text exactly, CRLF and indented lines included")
    func replyQuoteRanges() throws {
        let normalizer = Normalizer()
        let text = "hola\r\n  > uno dos\r\n>tres\ncuatro > cinco\n> seis"
        let normalized = normalizer.normalize(text)
        let ranges = text.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt8.self) { bytes in
                RuleSet.replyQuotes(
                    in: RuleSet.FieldText(
                        field: .text, original: UnsafeBufferPointer(rebasing: bytes.dropLast()), normalized: normalized))
            }
        }
        let quoted = ranges.map { String(decoding: normalized.bytes[$0], as: UTF8.self) }
        #expect(quoted.map { $0.trimmingCharacters(in: .whitespaces) } == ["uno dos tres", "seis"])
    }

    @Test("a positive neutral rule keeps its weight in a debunk scope, unless all it matched is quoted")
    func neutralRulesInQuotations() throws {
        let rules = try ruleSet([
            ModelRule(id: "SELLER", weight: 4, matcher: .phrases(["we are the only real agency"]), role: .neutral),
            ModelRule(id: "WARNING", weight: -1, matcher: .phrases(["beware"]), scope: .post),
            ModelRule(id: "CRIMINAL", weight: -4, matcher: .phrases(["parole board"]), role: .neutral),
        ], threshold: 2)
        // The seller's own warning does not discount the seller.
        let seller = rules.score(ScoredPost(text: "beware of scammers: we are the only real agency"))
        #expect(seller.isAlert)
        #expect(seller.rules.first { $0.id == "SELLER" }?.weight == 4)
        // A fact-check quoting the seller's ad does.
        let quoted = rules.score(ScoredPost(text: "beware of this ad: \"we are the only real agency\""))
        #expect(!quoted.isAlert)
        #expect(quoted.rules.first { $0.id == "SELLER" }?.weight == 0.8)
        // Negative neutral evidence is never discounted.
        let board = rules.score(ScoredPost(text: "beware: \"parole board\" hearings moved"))
        #expect(board.rules.first { $0.id == "CRIMINAL" }?.weight == -4)
    }

    @Test("a debunk cue quoted in a few words is a mention, not a verdict; quoted at length it counts")
    func mentionedCues() throws {
        let rules = try ruleSet([
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
            ModelRule(id: "VERDICT", weight: -3, matcher: .phrases(["scam"]), scope: .post),
        ], threshold: 3)
        let mentioned = rules.score(ScoredPost(text: "people call it \"a scam\" but it reopened"))
        #expect(mentioned.isAlert)
        #expect(mentioned.rules.map(\.id) == ["CLAIM"])
        #expect(!rules.score(ScoredPost(text: "it reopened? a scam, not a program")).isAlert)
        let quotedAtLength = ScoredPost(text: "it reopened? \"this is a scam, do not pay anyone\", the lawyer said")
        #expect(!rules.score(quotedAtLength).isAlert)
    }

    @Test("a cancelling rule removes the overlapping matches of the rules it names")
    func cancellation() throws {
        let rules = try ruleSet([
            ModelRule(id: "SCAM_WORD", weight: -3, matcher: .phrases(["scam"]), scope: .post),
            ModelRule(id: "NOT_A_SCAM", weight: 1, matcher: .phrases(["not a scam"]), cancels: ["SCAM_WORD"]),
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
        ], threshold: 3)
        let result = rules.score(ScoredPost(text: "reopened, not a scam"))
        #expect(result.isAlert)
        #expect(result.rules.map(\.id).sorted() == ["CLAIM", "NOT_A_SCAM"])
        #expect(!rules.score(ScoredPost(text: "reopened? scam")).isAlert)
    }

    @Test("a near rule cancels too, before any rule that reads what it cancels")
    func nearCancellation() throws {
        let rules = try ruleSet([
            ModelRule(id: "FALSE_WORD", weight: -3, matcher: .phrases(["false"]), scope: .post),
            ModelRule(id: "__THOSE_WHO_SAY", matcher: .phrases(["those who say"])),
            ModelRule(
                id: "ATTRIBUTED",
                weight: 0.5,
                matcher: .near(rules: ["__THOSE_WHO_SAY", "FALSE_WORD"], window: 6, ordered: true),
                cancels: ["FALSE_WORD"]
            ),
            ModelRule(id: "__FALSE_NEAR", matcher: .near(rules: ["FALSE_WORD", "CLAIM"], window: 20, ordered: false)),
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["reopened"])),
        ], threshold: 3)
        let attributed = rules.evaluate(ScoredPost(text: "reopened! ignore those who say it is false"))
        #expect(attributed.result.isAlert)
        #expect(attributed.result.rules.map(\.id).sorted() == ["ATTRIBUTED", "CLAIM"])
        // The near rule reading FALSE_WORD ran after the cancellation, so it saw no match.
        #expect(attributed.fired[rules.indexByID["__FALSE_NEAR"]!] == false)
        #expect(!rules.score(ScoredPost(text: "reopened? false")).isAlert)
    }

    @Test("a cancelling near rule cancels every match of its last member in the window, not only the nearest")
    func nearCancellationReachesEveryMatch() throws {
        let rules = try ruleSet([
            ModelRule(id: "__DENIAL", matcher: .phrases(["rumor", "false"])),
            ModelRule(id: "VERDICT", weight: -3, matcher: .phrases(["false"]), scope: .post),
            ModelRule(id: "__THOSE_WHO_SAY", matcher: .phrases(["fact checkers"])),
            ModelRule(
                id: "ATTRIBUTED",
                weight: 0.5,
                matcher: .near(rules: ["__THOSE_WHO_SAY", "__DENIAL"], window: 10, ordered: true),
                cancels: ["VERDICT"]
            ),
            ModelRule(id: "CLAIM", weight: 4, matcher: .phrases(["got approvals"])),
        ], threshold: 3)
        // "rumor" is the nearest denial word; "false", further on, is still the fact-checkers' word.
        let result = rules.score(ScoredPost(text: "the fact checkers said the parole rumor is false. three families got approvals"))
        #expect(result.isAlert)
        #expect(result.rules.map(\.id).sorted() == ["ATTRIBUTED", "CLAIM"])
        #expect(!rules.score(ScoredPost(text: "it is false. three families got approvals, they say")).isAlert)
    }

    @Test("rules limited to languages skip posts in other languages")
    func languages() throws {
        let rules = try ruleSet([ModelRule(id: "FR", weight: 2, matcher: .phrases(["parole"]), languages: ["fr"])])
        #expect(rules.score(ScoredPost(text: "parole", language: "fr")).score == 2)
        #expect(rules.score(ScoredPost(text: "parole", language: "es")).score == 0)
        #expect(rules.score(ScoredPost(text: "parole", language: nil)).score == 2)
    }

    @Test("a pattern rule matches the normalized text")
    func patterns() throws {
        let rules = try ruleSet([ModelRule(id: "MONEY", weight: 1, matcher: .pattern(#"\$ ?[0-9]+"#))])
        let result = rules.score(ScoredPost(text: "Only $250!"))
        #expect(result.rules.first?.match == "$250")
    }

    @Test("a pattern that does not compile is a model error naming the rule")
    func badPattern() {
        let error = #expect(throws: RuleSetError.self) {
            _ = try RuleSet(ScoringModel(threshold: 1, rules: [ModelRule(id: "BAD", weight: 1, matcher: .pattern("(unclosed"))]))
        }
        #expect(error?.problems.first?.ruleID == "BAD")
    }

    @Test("boolean expressions parse with precedence and report errors", arguments: [
        ("A && B || C", "(A && B) || C"),
        ("A && (B || !C)", "A && (B || (!C))"),
        ("not A and B", "(!A) && B"),
    ])
    func expressions(source: String, rendered: String) throws {
        let expected = try RuleExpression.parse(rendered)
        #expect(try RuleExpression.parse(source) == expected)
    }

    @Test("malformed expressions are refused", arguments: ["A &&", "A & B", "(A || B", "A B"])
    func malformedExpressions(_ source: String) {
        #expect(throws: RuleExpressionError.self) { _ = try RuleExpression.parse(source) }
    }
}
