import Foundation
import Testing

@testable import ParoleWatchCore

/// `BytePattern` must find exactly what ICU (`NSRegularExpression`, which scored patterns before it) finds: the same
/// matches, as byte ranges, on random normalized-looking texts, with and without a search limit.
@Suite("BytePattern differential")
struct BytePatternDifferentialTests {
    static let patterns = [
        BytePatternTests.money, BytePatternTests.phone,
        "a|ab", "ab|a", "(?:ab|a)(?:c|bcd)", "a*", "a*?", "a+?b", "(?:a|b)+?c", "[a-c]{2,3}", "[a-c]{2,3}?",
        "[a-c]{2,}", "(?:ab){1,2}", #"\b\w+\b"#, #"\B."#, #"\w\W"#, #"\d+(?:\.\d+)?"#, #"\s+"#, #"\S+"#, "[^a-c ]+",
        #"[\d$]+"#, "[€é]+", "€|é", ".é?", "^a|b$", "$", "o?", "(?:a|aa)+b", "(e|d)(o|)", #"\b"#, #"[.]|\.\."#,
        #""[^"]*""#, #"\$ ?\d{1,3}(?: \d{3})*"#, #"(?:\b5|9)?0"#, "a??b", "(?:[ab]c?)*d", #"\D\d"#, #"[\W\d]+"#,
        #".\b."#, #"(?:ab|cd|e)?\."#, #"^(?:a|b)*?c"#, #"[^\s€]{2}\B"#, "é{2,}|€ ?1", "(?:a|ab)(?:bc|c|)d?",
        "(?:ab?|b)+?c", "(?:a|b|ab){2,4}c?", #"(?:\d|\d )+\$"#,
        #"\b\d+( a \d+)? (dias|dolares|usd)\b"#, #"\b\d+(k?( \d+| mil)? (cupos|usd)|( \d{3}| mil|k) (al mes|usd))\b"#,
        #"\b(ab|b|e\d)"#,
    ]

    /// Normalized text is lowercase words, digits and a few symbols between single spaces; multi-byte scalars and
    /// whole words make the texts reach the patterns' interesting cases.
    static let pieces = [
        "a", "b", "c", "d", "o", "e", "0", "1", "5", "9", "$", " ", " ", ".", "\"", "€", "é", "ab", "555", "dolares",
        "usd", " 305 ", "mil", "cupos", "al mes", "k", "dias",
    ]

    @Test("matches as ICU does, on thousands of random texts per pattern")
    func sameAsICU() throws {
        var random = ScoringTestRandom(seed: 2026)
        let scratch = BytePattern.Scratch()  // shared throughout, as a scoring thread shares its own
        var compared = 0
        var nonEmpty = 0
        for source in Self.patterns {
            let pattern = try BytePattern(source)
            let icu = try NSRegularExpression(pattern: source)
            for _ in 0..<2000 {
                var text = ""
                for _ in 0..<Int.random(in: 0...14, using: &random) {
                    text += Self.pieces.randomElement(using: &random) ?? ""
                }
                let bytes = Array(text.utf8)
                // The whole text, then a prefix of it cut at a random scalar boundary.
                let scalars = Array(text.unicodeScalars)
                let cut = Int.random(in: 0...scalars.count, using: &random)
                let prefix = String(String.UnicodeScalarView(scalars[..<cut]))
                for (byteLimit, utf16Limit) in [
                    (bytes.count, text.utf16.count), (prefix.utf8.count, prefix.utf16.count),
                ] {
                    let expected = Self.icuMatches(icu, in: text, utf16Limit: utf16Limit)
                    let actual = bytes.withUnsafeBufferPointer {
                        pattern.matches(in: $0, limit: byteLimit, scratch: scratch)
                    }
                    compared += 1
                    if !expected.isEmpty { nonEmpty += 1 }
                    guard actual == expected else {
                        Issue.record(
                            "\(source) on \(text.debugDescription) (limit \(byteLimit)): ICU \(expected), ours \(actual)"
                        )
                        return
                    }
                }
            }
        }
        #expect(compared == Self.patterns.count * 4000)
        #expect(nonEmpty > compared / 3)  // the texts exercise matching, not just rejection
    }

    @Test("matches as ICU does for hundreds of random patterns built from the supported syntax")
    func randomPatterns() throws {
        var random = ScoringTestRandom(seed: 7)
        let scratch = BytePattern.Scratch()
        var patterns = 0
        for _ in 0..<600 {
            let source = Self.randomAlternation(depth: 2, using: &random)
            let icu = try? NSRegularExpression(pattern: source)
            let pattern: BytePattern
            do {
                pattern = try BytePattern(source)
            } catch {
                continue  // nested unbounded or empty-matching repetition: refused by design
            }
            guard let icu else {
                Issue.record("\(source) compiles here but not in ICU")
                return
            }
            patterns += 1
            for _ in 0..<200 {
                var text = ""
                for _ in 0..<Int.random(in: 0...10, using: &random) {
                    text += Self.pieces.randomElement(using: &random) ?? ""
                }
                let bytes = Array(text.utf8)
                let expected = Self.icuMatches(icu, in: text, utf16Limit: text.utf16.count)
                let actual = bytes.withUnsafeBufferPointer {
                    pattern.matches(in: $0, limit: bytes.count, scratch: scratch)
                }
                guard actual == expected else {
                    Issue.record("\(source) on \(text.debugDescription): ICU \(expected), ours \(actual)")
                    return
                }
            }
        }
        #expect(patterns > 300)
    }

    private static func randomAlternation(depth: Int, using random: inout ScoringTestRandom) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in
            (0..<Int.random(in: 1...3, using: &random)).map { _ in randomPiece(depth: depth, using: &random) }.joined()
        }.joined(separator: "|")
    }

    private static func randomPiece(depth: Int, using random: inout ScoringTestRandom) -> String {
        let atoms = [
            "a", "b", "é", "€", "$", " ", "0", "5", #"\."#, "ab", "[ab]", "[^a ]", "[0-9]", #"\d"#, #"\w"#,
            #"\W"#, #"\s"#, ".",
        ]
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            return [#"\b"#, #"\B"#, "^", "$"].randomElement(using: &random) ?? ""
        case 1...2 where depth > 0:
            let group = "(?:" + randomAlternation(depth: depth - 1, using: &random) + ")"
            return group + randomQuantifier(using: &random)
        default:
            return (atoms.randomElement(using: &random) ?? "") + randomQuantifier(using: &random)
        }
    }

    private static func randomQuantifier(using random: inout ScoringTestRandom) -> String {
        let quantifiers = ["", "", "", "?", "*", "+", "{2}", "{1,2}", "{0,3}", "{2,}"]
        let quantifier = quantifiers.randomElement(using: &random) ?? ""
        return quantifier.isEmpty || Bool.random(using: &random) ? quantifier : quantifier + "?"
    }

    /// ICU's matches in the first `utf16Limit` units of `text`, as UTF-8 byte ranges.
    static func icuMatches(_ icu: NSRegularExpression, in text: String, utf16Limit: Int) -> [Range<Int>] {
        icu.matches(in: text, range: NSRange(location: 0, length: utf16Limit)).compactMap { match in
            guard let range = Range(match.range, in: text) else { return nil }
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            return start..<(start + text.utf8.distance(from: range.lowerBound, to: range.upperBound))
        }
    }
}
