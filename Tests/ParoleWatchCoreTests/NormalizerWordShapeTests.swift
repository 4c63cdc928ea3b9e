import Testing

@testable import ParoleWatchCore

/// Pictographs inside words, syllable chains and sentence stops: the three shapes added after real-looking posts
/// slipped through (see ``Normalizer``'s step 2).
@Suite("Normalizer word shapes")
struct NormalizerWordShapeTests {
    private let normalizer = Normalizer()

    /// The normalized text, the obfuscated tokens, and whether normalizing the output again changes it.
    private func check(
        _ text: String,
        _ expected: String,
        obfuscated: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected, "input: \(text.debugDescription)", sourceLocation: sourceLocation)
        let spans = result.obfuscatedSpans.map { String(decoding: result.bytes[$0], as: UTF8.self) }
        #expect(spans == obfuscated, "input: \(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(
            normalizer.normalize(result.text).bytes == result.bytes,
            "not idempotent",
            sourceLocation: sourceLocation
        )
    }

    /// The original text of each match of `phrase` in `text`.
    private func matchedOriginals(_ phrase: String, in text: String) -> [String] {
        let normalized = normalizer.normalize(text)
        let automaton = PhraseAutomaton(phrases: [normalizer.normalizedPhrase(phrase)])
        let original = Array(text.utf8)
        var found: [String] = []
        automaton.forEachMatch(in: normalized) { _, start, end in
            found.append(String(decoding: original[normalized.originalRange(start..<end)], as: UTF8.self))
        }
        return found
    }

    // MARK: Pictographs inside a word

    @Test(
        "drops emoji, flags and symbols put between two letters and marks the word obfuscated",
        arguments: [
            ("pa🇺🇸rol", " parol ", ["parol"]),
            ("re🔓lou🔓vri", " relouvri ", ["relouvri"]),
            ("rea✅bren", " reabren ", ["reabren"]),
            ("p⭐arole", " parole ", ["parole"]),
            ("pa🇺🇸🇺🇸role", " parole ", ["parole"]),
            ("re👍🏽abren", " reabren ", ["reabren"]),  // skin tone modifier
            ("pa👨‍👩‍👧role", " parole ", ["parole"]),  // ZWJ family
            ("pa❤️role", " parole ", ["parole"]),  // with a variation selector
            ("pa™role", " parole ", ["parole"]),
            ("p4🔥r0le", " parole ", ["parole"]),  // digits next to the emoji, letters on both sides
            ("Ya reabren el pa🇺🇸role humanitario", " ya reabren el parole humanitario ", ["parole"]),
            ("p🙏a🙏r🙏o🙏l🙏e", " parole ", ["parole"]),
        ] as [(String, String, [String])]
    )
    func dropsPictographsInsideWords(_ text: String, _ expected: String, _ obfuscated: [String]) {
        check(text, expected, obfuscated: obfuscated)
    }

    @Test(
        "keeps a pictograph next to white space, punctuation or a bare number as a separator",
        arguments: [
            ("hola 👋 amigo", " hola amigo "),
            ("ATENCIÓN🚨 reabren", " atencion reabren "),
            ("ATENCIÓN🚨🚨 reabren", " atencion reabren "),
            ("🇺🇸 CHNV 👉 parole 🙏🏽", " chnv parole "),
            ("reabren 🚨parole", " reabren parole "),
            ("2026🇺🇸parole", " 2026 parole "),  // no letter on the left
            ("parole🇺🇸2026", " parole 2026 "),  // no letter on the right
            ("pa🇺🇸,rol", " pa rol "),
            ("pa°role", " pa role "),  // Latin-1 symbols stay separators
            ("pa→role", " pa role "),  // arrows are math symbols, not pictographs
        ]
    )
    func keepsPictographSeparators(_ text: String, _ expected: String) {
        check(text, expected, obfuscated: [])
    }

    @Test("maps a word with a dropped pictograph back to the whole original, pictograph included")
    func mapsPictographWords() {
        #expect(matchedOriginals("parol", in: "Pwogram pa🇺🇸rol la") == ["pa🇺🇸rol"])
        #expect(matchedOriginals("relouvri", in: "ap re🔓lou🔓vri!") == ["re🔓lou🔓vri"])
        #expect(matchedOriginals("parol la", in: "pa🇺🇸rol 🚨 la") == ["pa🇺🇸rol 🚨 la"])
    }

    // MARK: Syllable chains

    @Test(
        "joins a word cut into syllables by dots, hyphens, underscores or stars and marks it obfuscated",
        arguments: [
            ("pa.ro.le", " parole ", ["parole"]),
            ("re-a-bren", " reabren ", ["reabren"]),
            ("re.lou.vri", " relouvri ", ["relouvri"]),
            ("RE_A_BREN", " reabren ", ["reabren"]),
            ("re*a*bren", " reabren ", ["reabren"]),
            ("pa\u{00B7}ro\u{00B7}le", " parole ", ["parole"]),  // middle dot
            ("re\u{2013}a\u{2013}bren", " reabren ", ["reabren"]),  // en dash
            ("hu-ma-ni-ta-rio", " humanitario ", ["humanitario"]),
            ("p.a.ro.le", " parole ", ["parole"]),
            ("r\u{0435}.a.bren", " reabren ", ["reabren"]),  // Cyrillic е in a part
            ("pa.\u{200B}ro.le", " parole ", ["parole"]),
            ("Ya re.a.bren el pa-ro-le", " ya reabren el parole ", ["reabren", "parole"]),
            ("re.a.bren.", " reabren . ", ["reabren"]),
            ("co-sponsor.pa.ro.le", " co sponsor parole ", ["parole"]),
            ("https://www.uscis.gov/es/re.a.bren", " htps : w uscis gov es reabren ", ["reabren"]),
        ] as [(String, String, [String])]
    )
    func joinsSyllableChains(_ text: String, _ expected: String, _ obfuscated: [String]) {
        check(text, expected, obfuscated: obfuscated)
    }

    @Test(
        "leaves compounds, codes, numbers, initials, links and domain names split",
        arguments: [
            ("co-sponsor", " co sponsor "),
            ("e-mail", " e mail "),
            ("I-134A", " i 134a "),
            ("I-134", " i 134 "),
            ("3.000", " 3 000 "),
            ("555-0142", " 555 0142 "),
            ("555.123.4567", " 555 123 4567 "),
            ("U.S.", " u s . "),
            ("U.S.A.", " u s a . "),
            ("uscis.gov", " uscis gov "),
            ("my.uscis.gov", " my uscis gov "),
            ("www.gob.mx", " w gob mx "),
            ("dhs.gov.ht", " dhs gov ht "),
            ("pa.ro", " pa ro "),
            ("re-a.bren", " re a bren "),  // mixed separators
            ("re - a - bren", " re a bren "),  // spaced: not a chain
            ("covid-19-vacuna", " covid 19 vacuna "),
            ("mother-in-law", " mother in law "),
            ("reabren-el-parole-humanitario", " reabren el parole humanitario "),
        ]
    )
    func leavesNonChainsAlone(_ text: String, _ expected: String) {
        check(text, expected, obfuscated: [])
    }

    @Test("maps a joined chain back to the whole chain, separators included")
    func mapsChains() {
        #expect(matchedOriginals("reabren el parole", in: "¡Ya re.a.bren el pa-ro-le!") == ["re.a.bren el pa-ro-le"])
        #expect(matchedOriginals("reabren", in: "ver https://x.org/re.a.bren") == ["re.a.bren"])
        #expect(matchedOriginals("i 134a", in: "llene el I-134A hoy") == ["I-134A"])
    }

    // MARK: Sentence stops

    @Test(
        "writes one . token for a sentence stop: . ; … or a spaced dash",
        arguments: [
            ("—No. Es mentira.", " . no . es mentira . "),
            ("No. Es mentira", " no . es mentira "),
            ("Es falso; no hay programa", " es falso . no hay programa "),
            ("Reabren \u{2014} es mentira", " reabren . es mentira "),
            ("Reabren \u{2013} es mentira", " reabren . es mentira "),
            ("Reabren\n\u{2014}Falso", " reabren . falso "),
            ("hola... adios", " hola . adios "),
            ("hola...adios", " hola . adios "),
            ("hola\u{2026}adios", " hola . adios "),
            ("Fin. . . Otro", " fin . otro "),
            ("Listo.\n\u{2022} Reabren", " listo . reabren "),
            ("\u{201C}Es mentira.\u{201D} Luego", " \" es mentira . \" luego "),
            ("¿Reabren? No.", " reabren ? no . "),
            ("Visite uscis.gov. Gracias", " visite uscis gov . gracias "),
            ("U.S. law", " u s . law "),
            ("hola .adios", " hola . adios "),
        ]
    )
    func writesSentenceStops(_ text: String, _ expected: String) {
        check(text, expected, obfuscated: [])
    }

    @Test(
        "does not take a dot inside a number, a word or a domain, a hyphen, ¡ ¿ or , for a stop",
        arguments: [
            ("3.000 dólares", " 3 000 dolares "),
            ("$3.50", " $ 3 50 "),
            ("u.s", " u s "),
            ("uscis.gov", " uscis gov "),
            ("¡Reabren! ¿Cierto?", " reabren ! cierto ? "),
            ("Costo: 500", " costo : 500 "),
            ("555 - 0142", " 555 0142 "),
            ("hola\u{2014}adios", " hola adios "),
            ("hola, adios", " hola adios "),
            ("p . a . r . o . l . e", " parole "),
        ]
    )
    func leavesNonStopsAlone(_ text: String, _ expected: String) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected)
        #expect(normalizer.normalize(result.text).bytes == result.bytes)
    }

    @Test("a phrase no longer matches across a sentence stop, and phrases with kept symbols still match")
    func phrasesStopAtSentenceBoundaries() {
        #expect(matchedOriginals("no es mentira", in: "—No. Es mentira.").isEmpty)
        #expect(matchedOriginals("no es mentira", in: "No; es mentira").isEmpty)
        #expect(matchedOriginals("no es mentira", in: "No \u{2014} es mentira").isEmpty)
        #expect(matchedOriginals("no es mentira", in: "Eso no es mentira.") == ["no es mentira"])
        #expect(matchedOriginals("es mentira", in: "—No. Es mentira.") == ["Es mentira"])
        #expect(matchedOriginals("dice:", in: "USCIS dice: reabren") == ["dice:"])
        #expect(matchedOriginals("? no", in: "Is it reopening? No.") == ["? No"])
        #expect(normalizer.normalizedPhrase("dice:") == Array("dice :".utf8))
    }

    @Test("maps a stop token to its stop character and counts it as a token")
    func mapsStops() {
        let text = "No. Es mentira"
        let result = normalizer.normalize(text)
        #expect(result.text == " no . es mentira ")
        #expect(result.tokenCount == 4)
        #expect(result.tokenIndex(at: 4) == 1)
        #expect(result.tokenIndex(at: 6) == 2)
        #expect(result.originalRange(4..<5) == 2..<3)
        #expect(!result.containsObfuscation(in: 0..<result.bytes.count))
        let collapsed = normalizer.normalize("Fin; \u{2014} . Otro")
        #expect(collapsed.text == " fin . otro ")
        #expect(collapsed.originalRange(5..<6) == 3..<4)  // the first stop character, `;`
    }
}

/// A word cut once by a syllable separator (`pa-rol`) joins only into a word the model knows.
@Suite("Normalizer joinable words")
struct NormalizerJoinableWordTests {
    private let normalizer = Normalizer(
        joinableWords: ["parol", "parole", "reabren", "email", "reactivado", "humanitario"].map { Array($0.utf8) })

    @Test(
        "joins a word cut into two parts when the join is a known word, and marks it obfuscated",
        arguments: [
            ("Pwogram pa-rol la", " pwogram parol la ", ["parol"]),
            ("pa.rol", " parol ", ["parol"]),
            ("pa_ro-le", " pa ro le ", []),  // mixed separators
            ("PA*ROLE", " parole ", ["parole"]),
            ("e-mail", " email ", ["email"]),  // known here, so it joins
            ("co-sponsor", " co sponsor ", []),
            ("pa.rol.gov", " pa rol gov ", []),  // a domain name
            ("pa-ra", " pa ra ", []),
        ] as [(String, String, [String])]
    )
    func joinsKnownWords(_ text: String, _ expected: String, _ obfuscated: [String]) {
        expectNormalizes(text, to: expected, obfuscated: obfuscated)
    }

    @Test(
        "a one-letter word spaced like the letters beside it stays a word when the rest is a known word",
        arguments: [
            ("imanite a r e a b r e n", " imanite a reabren ", ["reabren"]),  // the article `a` before it
            ("el p a r o l e y", " el parole y ", ["parole"]),  // the conjunction `y` after it
            ("a p a r o l e s", " aparoles ", ["aparoles"]),  // neither part is known: the run joins whole
            ("p a r o l e", " parole ", ["parole"]),
        ] as [(String, String, [String])]
    )
    func splitsOffOneLetterWords(_ text: String, _ expected: String, _ obfuscated: [String]) {
        expectNormalizes(text, to: expected, obfuscated: obfuscated)
    }

    @Test(
        "a run of spaced letters with no wider gap between its words splits into known words",
        arguments: [
            ("P A R O L E R E A C T I V A D O", " parole reactivado ", ["parole", "reactivado"]),
            ("p a r o l e h u m a n i t a r i o r e a c t i v a d o", " parole humanitario reactivado ",
             ["parole", "humanitario", "reactivado"]),
            ("p a r o l e x y z w", " parolexyzw ", ["parolexyzw"]),  // the rest is no known word: joins whole
            ("r e a b r e n", " reabren ", ["reabren"]),
        ] as [(String, String, [String])]
    )
    func splitsIntoKnownWords(_ text: String, _ expected: String, _ obfuscated: [String]) {
        expectNormalizes(text, to: expected, obfuscated: obfuscated)
    }

    /// `text` normalizes to `expected`, with exactly the `obfuscated` words marked, and normalizing that again changes
    /// nothing.
    private func expectNormalizes(_ text: String, to expected: String, obfuscated: [String]) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected)
        #expect(result.obfuscatedSpans.map { String(decoding: result.bytes[$0], as: UTF8.self) } == obfuscated)
        #expect(normalizer.normalize(result.text).bytes == result.bytes)
    }

    @Test("a run that almost splits into many known words joins whole, each tail tried once")
    func almostSplittableRunJoinsWhole() {
        // Every even-length prefix is a known word, the last letter never is: without remembering the tails that
        // failed, the splits tried would grow exponentially with the run.
        let words = (2...18).map { Array(String(repeating: "ab", count: $0).utf8) }
        let normalizer = Normalizer(joinableWords: words)
        let text = Array(repeating: "a b", count: 19).joined(separator: " ") + " c"
        #expect(normalizer.normalize(text).text == " " + String(repeating: "ab", count: 19) + "c ")
    }

    @Test("each known word of a split run maps back to its own spaced letters")
    func splitWordsMapBack() {
        let result = normalizer.normalize("P A R O L E R E A C T I V A D O")
        #expect(result.obfuscatedSpans.map { result.originalRange($0) } == [0..<11, 12..<31])
    }

    @Test("without joinable words a two-part word stays split")
    func plainNormalizerKeepsParts() {
        #expect(Normalizer().normalize("pa-rol").text == " pa rol ")
    }

    @Test("the shipped model reads a cut model word like the whole word, and the match covers the cut word")
    func shippedModelJoins() throws {
        let ruleSet = PostScoringStreamTests.stream.ruleSet
        let cut = ruleSet.score(ScoredPost(text: "Pwogram pa-rol la relouvri, aplike kounye a"))
        let whole = ruleSet.score(ScoredPost(text: "Pwogram parol la relouvri, aplike kounye a"))
        #expect(cut.score >= whole.score)
        #expect(Set(whole.rules.map(\.id)).isSubset(of: Set(cut.rules.map(\.id))))
        #expect(cut.rules.contains { $0.match.contains("pa-rol") })
    }
}
