import Testing

@testable import ParoleWatchCore

@Suite("PhraseAutomaton")
struct PhraseAutomatonTests {
    private let normalizer = Normalizer()

    private struct Match: Hashable, CustomStringConvertible {
        var phrase: Int
        var start: Int
        var end: Int
        var description: String { "#\(phrase) \(start)..<\(end)" }
    }

    private func automaton(_ phrases: [String]) -> PhraseAutomaton {
        PhraseAutomaton(phrases: phrases.map(normalizer.normalizedPhrase))
    }

    private func matches(_ automaton: PhraseAutomaton, _ text: NormalizedText) -> [Match] {
        var found: [Match] = []
        automaton.forEachMatch(in: text) { found.append(Match(phrase: $0, start: $1, end: $2)) }
        return found
    }

    /// The original text each match covers.
    private func matchedOriginals(_ phrases: [String], in text: String) -> [String] {
        let normalized = normalizer.normalize(text)
        let original = Array(text.utf8)
        return matches(automaton(phrases), normalized).map {
            String(decoding: original[normalized.originalRange($0.start..<$0.end)], as: UTF8.self)
        }
    }

    @Test(
        "matches whole tokens only: a phrase does not match inside a longer word",
        arguments: [
            ("el parole humanitario", ["parole"]),
            ("los paroles humanitarios", []),
            ("superparole", []),
            ("parole.", ["parole"]),
            ("parole", ["parole"]),
        ] as [(String, [String])]
    )
    func matchesWholeTokens(_ text: String, _ expected: [String]) {
        #expect(matchedOriginals(["parole"], in: text) == expected)
    }

    @Test(
        "a phrase ending in * matches every token that starts with the rest, up to the end of that token",
        arguments: [
            ("Ya reabren el programa", ["reabren"]),
            ("REABRIERON todo", ["REABRIERON"]),
            ("reabr", ["reabr"]),
            ("se preabren", []),
            ("los paroles y el parole", ["paroles", "parole"]),
        ] as [(String, [String])]
    )
    func matchesPrefixes(_ text: String, _ expected: [String]) {
        #expect(matchedOriginals(["reabr*", "parole*"], in: text) == expected)
    }

    @Test("reports every overlapping occurrence of different phrases, and each occurrence of a repeated phrase")
    func reportsOverlaps() {
        let phrases = ["parole humanitario", "humanitario", "parole", "el parole", "humanitario reabre", "parole"]
        let text = normalizer.normalize("el parole humanitario reabre")  // " el parole humanitario reabre "
        let found = Set(matches(automaton(phrases), text))
        let expected: Set<Match> = [
            Match(phrase: 3, start: 1, end: 10),
            Match(phrase: 2, start: 4, end: 10),
            Match(phrase: 5, start: 4, end: 10),
            Match(phrase: 0, start: 4, end: 22),
            Match(phrase: 1, start: 11, end: 22),
            Match(phrase: 4, start: 11, end: 29),
        ]
        #expect(found == expected)
    }

    @Test(
        "matches multi-token phrases across every kind of obfuscation and maps them to exactly the original text",
        arguments: [
            ("Ya Re\u{200B}abren el pa\u{200B}role humanitario.", "Re\u{200B}abren el pa\u{200B}role humanitario"),
            ("R3ABR3N el p@r0le humanitari0!!", "R3ABR3N el p@r0le humanitari0"),
            ("¡reabren el p\u{0430}r\u{043E}le humanitario", "reabren el p\u{0430}r\u{043E}le humanitario"),
            ("REABREN   EL   P A R O L E   HUMANITARIO", "REABREN   EL   P A R O L E   HUMANITARIO"),
            ("reabren el p.a.r.o.l.e humanitario", "reabren el p.a.r.o.l.e humanitario"),
            ("“reabreeeen el PAROOOLE humanitario”", "reabreeeen el PAROOOLE humanitario"),
            ("Reabren el PARÓLE humanitário", "Reabren el PARÓLE humanitário"),
            (
                "\u{FF52}\u{FF45}\u{FF41}\u{FF42}\u{FF52}\u{FF45}\u{FF4E} el parole 🙏 humanitario 🙏",
                "\u{FF52}\u{FF45}\u{FF41}\u{FF42}\u{FF52}\u{FF45}\u{FF4E} el parole 🙏 humanitario"
            ),
        ] as [(String, String)]
    )
    func matchesAcrossObfuscation(_ text: String, _ expected: String) {
        let originals = matchedOriginals(["reabren el parole humanitario"], in: text)
        #expect(originals == [expected])
        #expect(normalizer.normalize(expected).text == " reabren el parole humanitario ")
    }

    @Test("an empty phrase or a lone * never matches; symbols are phrases like words")
    func degeneratePhrases() {
        let automaton = PhraseAutomaton(phrases: [[], Array("*".utf8), Array("$".utf8), Array("! !".utf8)])
        let text = normalizer.normalize("Solo $500!!!")  // " solo $ 500 ! ! ! "
        let found = matches(automaton, text)
        #expect(found.map(\.phrase) == [2, 3, 3])
        #expect(automaton.phraseCount == 4)
    }

    @Test("an automaton without phrases matches nothing")
    func noPhrases() {
        let automaton = PhraseAutomaton(phrases: [])
        #expect(matches(automaton, normalizer.normalize("parole reabren")).isEmpty)
    }
}
