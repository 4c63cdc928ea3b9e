import Foundation
import Testing

@testable import ParoleWatchCore

@Suite("PhraseAutomaton properties")
struct PhraseAutomatonPropertyTests {
    private struct Match: Hashable {
        var phrase: Int
        var start: Int
        var end: Int
    }

    /// A small vocabulary, so random phrases actually occur in random texts, plus symbols and a non-ASCII word.
    private static let vocabulary: [String] = [
        "parole", "paroles", "reabren", "reabre", "el", "la", "y", "a", "chnv", "humanitario", "programa", "pwogram",
        "relouvri", "ap", "now", "apply", "aplica", "ya", "hoy", "gratis", "100", "2026", "$", "%", "!", "?", ":",
        "\"", "€", "申请", "par", "pa", "p", "aa", "ab", "ba",
    ]

    private static func randomPhrase(_ random: inout ScoringTestRandom) -> [UInt8] {
        let words = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            vocabulary.randomElement(using: &random) ?? "a"
        }
        var phrase = Array(words.joined(separator: " ").utf8)
        if Int.random(in: 0..<5, using: &random) == 0 {
            phrase.removeLast(Int.random(in: 0..<min(phrase.count, 4), using: &random))
            phrase.append(UInt8(ascii: "*"))
        }
        return phrase
    }

    /// Builds the normalized text the way ``Normalizer`` would for these tokens.
    private static func randomText(_ random: inout ScoringTestRandom) -> NormalizedText {
        let words = (0..<Int.random(in: 0...40, using: &random)).map { _ in
            vocabulary.randomElement(using: &random) ?? "a"
        }
        return Normalizer().normalize(words.joined(separator: " "))
    }

    /// The specification: try every phrase at every token start.
    private static func naiveMatches(_ phrases: [[UInt8]], in text: NormalizedText) -> Set<Match> {
        let bytes = text.bytes
        var found: Set<Match> = []
        for (index, phrase) in phrases.enumerated() {
            let isPrefix = phrase.last == UInt8(ascii: "*")
            let body = isPrefix ? Array(phrase.dropLast()) : phrase
            guard !body.isEmpty else { continue }
            for start in 1..<bytes.count where bytes[start - 1] == 0x20 {
                let end = start + body.count
                guard end <= bytes.count, Array(bytes[start..<end]) == body else { continue }
                if isPrefix {
                    var tokenEnd = end
                    while tokenEnd < bytes.count && bytes[tokenEnd] != 0x20 { tokenEnd += 1 }
                    found.insert(Match(phrase: index, start: start, end: tokenEnd))
                } else if end < bytes.count && bytes[end] == 0x20 {
                    found.insert(Match(phrase: index, start: start, end: end))
                }
            }
        }
        return found
    }

    @Test("finds exactly what a naive matcher finds: 5,000 random phrases, 120 random texts")
    func agreesWithNaiveMatcher() {
        var random = ScoringTestRandom(seed: 0xAC_0001)
        let phrases = (0..<5_000).map { _ in Self.randomPhrase(&random) }
        let automaton = PhraseAutomaton(phrases: phrases)
        var total = 0
        for _ in 0..<120 {
            let text = Self.randomText(&random)
            var found: [Match] = []
            automaton.forEachMatch(in: text) { found.append(Match(phrase: $0, start: $1, end: $2)) }
            #expect(found.count == Set(found).count, "no occurrence is reported twice")
            #expect(Set(found) == Self.naiveMatches(phrases, in: text), "text: \(text.text)")
            total += found.count
        }
        #expect(total > 500)
    }

    @Test("reports the same matches with token indices, and those equal tokenIndex(at:) of the first and last byte")
    func tokenIndicesAgreeWithLookup() {
        var random = ScoringTestRandom(seed: 0xAC_0002)
        let phrases = (0..<2_000).map { _ in Self.randomPhrase(&random) }
        let automaton = PhraseAutomaton(phrases: phrases)
        var total = 0
        for _ in 0..<120 {
            let text = Self.randomText(&random)
            var plain: [Match] = []
            automaton.forEachMatch(in: text) { plain.append(Match(phrase: $0, start: $1, end: $2)) }
            var withTokens: [Match] = []
            automaton.forEachTokenMatch(in: text) { phrase, start, end, first, last in
                withTokens.append(Match(phrase: phrase, start: start, end: end))
                #expect(first == text.tokenIndex(at: start), "\(text.text) \(start)")
                #expect(last == text.tokenIndex(at: max(start, end - 1)), "\(text.text) \(end)")
            }
            #expect(withTokens == plain)
            total += plain.count
        }
        #expect(total > 200)
    }

    @Test(
        "reports matches in the order of one scan (the byte each pattern ends at, then the phrase), long texts too",
        arguments: [0...40, 150...400]
    )
    func ordersMatchesAsOneScan(_ wordCounts: ClosedRange<Int>) {
        // Long texts are scanned in two interleaved halves, the second half's matches held back (beyond 64, the
        // first scan goes on alone): the order must not show it.
        var random = ScoringTestRandom(seed: 0xAC_0005)
        let phrases = (0..<800).map { _ in Self.randomPhrase(&random) }
        let automaton = PhraseAutomaton(phrases: phrases)
        var manyMatches = 0
        for _ in 0..<60 {
            let words = (0..<Int.random(in: wordCounts, using: &random)).map { _ in
                Self.vocabulary.randomElement(using: &random) ?? "a"
            }
            let text = Normalizer().normalize(words.joined(separator: " "))
            var found: [Match] = []
            let seen = automaton.forEachTokenMatch(in: text) { phrase, start, end, _, _ in
                found.append(Match(phrase: phrase, start: start, end: end))
            }
            func patternEnd(_ match: Match) -> Int {
                let phrase = phrases[match.phrase]
                // A prefix phrase's pattern ends with its body's last byte; a whole phrase's with the space after it.
                return phrase.last == UInt8(ascii: "*") ? match.start + phrase.count - 2 : match.end
            }
            let expected = Self.naiveMatches(phrases, in: text).sorted {
                (patternEnd($0), $0.phrase) < (patternEnd($1), $1.phrase)
            }
            #expect(found == expected, "text: \(text.text)")
            var present = PatternPrefilter.ByteSet()  // exactly these bytes (the tests' `ByteSet(of:)` lumps non-ASCII together)
            for byte in text.bytes { present.insert(byte) }
            #expect(seen == automaton.classMask(of: present), "the scan reports the classes of the bytes it read")
            if found.count > 2 * 64 { manyMatches += 1 }
        }
        if wordCounts.lowerBound > 100 { #expect(manyMatches > 10, "some texts hold back more than 64 matches") }
    }

    @Test("gives bytes no phrase contains a class of their own when asked, so a scan tells whether a text has them")
    func distinguishedBytes() {
        let normalizer = Normalizer()
        let plain = PhraseAutomaton(phrases: [normalizer.normalizedPhrase("parole")])
        let digits = PhraseAutomaton(phrases: [normalizer.normalizedPhrase("parole")], distinguishing: Array("0123456789$".utf8))
        var digitSet = PatternPrefilter.ByteSet()
        digitSet.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
        for (text, hasDigit) in [("llama al 305 555 0100", true), ("el parole. ya!", false), ("$", false)] {
            let normalized = normalizer.normalize(text)
            let seen = digits.forEachTokenMatch(in: normalized) { _, _, _, _, _ in }
            #expect((seen & digits.classMask(of: digitSet) != 0) == hasDigit, "\(text)")
            // Without its own class a digit shares class 0 with every other byte no phrase has (`.`, `!`): the test
            // can only say "maybe".
            let plainSeen = plain.forEachTokenMatch(in: normalized) { _, _, _, _, _ in }
            if hasDigit { #expect(plainSeen & plain.classMask(of: digitSet) != 0) }
        }
    }

    /// Obfuscated variants of rule words, mixed with plain words, symbols and noise.
    private static let obfuscatedPieces: [String] = [
        "parole", "p@r0le", "p a r o l e", "p.a.r.o.l.e", "PAROOOLE", "p\u{0430}r\u{043E}le", "PAR\u{00D3}LE",
        "\u{FF50}\u{FF41}\u{FF52}\u{FF4F}\u{FF4C}\u{FF45}", "pa\u{200B}role", "reabren", "r3abr3n", "Re\u{200B}abren",
        "humanitario", "CHNV", "el", "y", "a", "la", "$250", "100%", "!!", "¿", "?", "“", "”", "🙏", "🇺🇸", "2026",
        "don't", "na'", "kounye", "aplike", "\n", ",", " ",
    ]

    @Test("every match found in random obfuscated posts maps to an original slice that normalizes to its phrase")
    func matchesMapBackToTheirPhrases() {
        var random = ScoringTestRandom(seed: 0xAC_0004)
        let normalizer = Normalizer()
        var checked = 0
        for _ in 0..<300 {
            let pieces = (0..<Int.random(in: 1...30, using: &random)).map { _ in
                Self.obfuscatedPieces.randomElement(using: &random) ?? ""
            }
            let text = pieces.joined(separator: Bool.random(using: &random) ? " " : "  ")
            let normalized = normalizer.normalize(text)
            // Phrases: runs of one to three whole tokens of this very text.
            var phrases: [[UInt8]] = []
            for _ in 0..<5 where normalized.tokenCount > 0 {
                let first = Int.random(in: 0..<normalized.tokenCount, using: &random)
                let last = min(first + Int.random(in: 0..<3, using: &random), normalized.tokenCount - 1)
                phrases.append(
                    Array(
                        normalized.bytes[
                            normalized.tokenRange(first).lowerBound..<normalized.tokenRange(last).upperBound
                        ]
                    )
                )
            }
            let automaton = PhraseAutomaton(phrases: phrases)
            let original = Array(text.utf8)
            var found = Set<Int>()
            automaton.forEachMatch(in: normalized) { phrase, start, end in
                found.insert(phrase)
                let range = normalized.originalRange(start..<end)
                let slice = String(decoding: original[range], as: UTF8.self)
                #expect(Array(normalized.bytes[start..<end]) == phrases[phrase])
                #expect(
                    normalizer.normalize(slice).bytes == [0x20] + phrases[phrase] + [0x20],
                    "text: \(text.debugDescription), slice: \(slice.debugDescription)"
                )
                checked += 1
            }
            #expect(found == Set(phrases.indices), "each phrase was taken from the text, so each is found")
        }
        #expect(checked > 1_000)
    }

    @Test("keeps every byte value apart, even when phrases use nearly all of them")
    func distinguishesAllBytes() {
        let values = (1...255).map(UInt8.init).filter { $0 != 0x20 && $0 != UInt8(ascii: "*") }
        let automaton = PhraseAutomaton(phrases: values.map { [$0, $0] })
        var bytes: [UInt8] = [0x20]
        for value in values { bytes += [value, value, 0x20, value, 0x20] }
        let text = NormalizedText(
            bytes: bytes,
            originalStart: bytes.indices.map(Int32.init),
            originalEnd: bytes.indices.map { Int32($0 + 1) },
            obfuscatedSpans: [],
            tokenStarts: [],
            originalLength: bytes.count
        )
        var found: [Int] = []
        automaton.forEachMatch(in: text) { phrase, start, end in
            found.append(phrase)
            #expect(end - start == 2)
        }
        #expect(found == Array(values.indices))
    }

    @Test("builds 5,000 random rule phrases quickly")
    func buildsQuickly() {
        var random = ScoringTestRandom(seed: 0xAC_0003)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        let phrases = (0..<5_000).map { _ in
            (0..<Int.random(in: 4...30, using: &random)).map { position in
                position % 7 == 6 ? 0x20 : letters.randomElement(using: &random) ?? 0x61
            }
        }
        let clock = ContinuousClock()
        var automaton: PhraseAutomaton?
        let elapsed = clock.measure { automaton = PhraseAutomaton(phrases: phrases) }
        #expect(automaton?.phraseCount == 5_000)
        // Debug builds are ~10× slower than release; the release figure is in the benchmark.
        #expect(elapsed < .seconds(5))
    }
}
