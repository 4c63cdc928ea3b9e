import Testing

@testable import ParoleWatchCore

@Suite("Normalizer")
struct NormalizerTests {
    private let normalizer = Normalizer()

    private func normalized(_ text: String) -> String { normalizer.normalize(text).text }

    @Test(
        "undoes each obfuscation posters use and marks the token as obfuscated",
        arguments: [
            ("Re\u{200B}abren el pa\u{200B}role", " reabren el parole ", ["reabren", "parole"]),
            ("p\u{0430}r\u{043E}le", " parole ", ["parole"]),  // Cyrillic а, о
            ("\u{03C1}\u{03B1}r\u{03BF}le CHNV", " parole chnv ", ["parole"]),  // Greek ρ, α, ο
            ("P\u{0410}ROLE", " parole ", ["parole"]),  // Cyrillic capital А
            ("p@r0le", " parole ", ["parole"]),
            ("r3abr3n", " reabren ", ["reabren"]),
            ("p4rol3 humanitari0", " parole humanitario ", ["parole", "humanitario"]),
            ("pa$$port", " pasport ", ["pasport"]),
            ("p a r o l e", " parole ", ["parole"]),
            ("p.a.r.o.l.e", " parole ", ["parole"]),
            ("p-a-r-o-l-e", " parole ", ["parole"]),
            ("P_A_R_O_L_E", " parole ", ["parole"]),
            ("p*a*r*o*l*e", " parole ", ["parole"]),
            ("p\u{00B7}a\u{00B7}r\u{00B7}o\u{00B7}l\u{00B7}e", " parole ", ["parole"]),
            ("p 4 r 0 l 3", " parole ", ["parole"]),
            ("p a r o l e  c h n v", " parole chnv ", ["parole", "chnv"]),
            ("R E A B R E N  E L  P A R O L E", " reabren el parole ", ["reabren", "el", "parole"]),
            ("R E A B R E N  Y  P A R O L E", " reabren y parole ", ["reabren", "parole"]),
            // Spaces around the symbol between letters, wider plain spaces between words.
            ("P - A - R - O - L - E    R - E - O - P - E - N - S", " parole reopens ", ["parole", "reopens"]),
            ("p. a. r. o. l. e  c. h. n. v", " parole chnv ", ["parole", "chnv"]),
            ("l l a m a r", " lamar ", ["lamar"]),
            // `®` between two letters reads as `r` (emoji letters around it too); elsewhere it separates.
            ("ap\u{00AE}obando", " aprobando ", ["aprobando"]),
            ("\u{1F17F}\u{FE0F}\u{1F170}\u{FE0F}\u{00AE}\u{FE0F}\u{1F17E}\u{FE0F}le", " parole ", ["parole"]),
        ] as [(String, String, [String])]
    )
    func undoesObfuscation(_ text: String, _ expected: String, _ obfuscated: [String]) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected)
        let spans = result.obfuscatedSpans.map { String(decoding: result.bytes[$0], as: UTF8.self) }
        #expect(spans == obfuscated)
    }

    @Test(
        "folds case, width, compatibility forms, diacritics and repeated letters without calling them obfuscation",
        arguments: [
            ("PAROOOLE", " parole "),
            ("paroooole", " parole "),
            ("\u{FF50}\u{FF41}\u{FF52}\u{FF4F}\u{FF4C}\u{FF45}", " parole "),  // fullwidth
            ("\u{1D429}\u{1D41A}\u{1D42B}\u{1D428}\u{1D425}\u{1D41E}", " parole "),  // mathematical bold
            ("\u{24C5}\u{24D0}\u{24E1}\u{24DE}\u{24DB}\u{24D4}", " parole "),  // circled
            ("\u{0280}\u{1D07}\u{1D00}\u{0299}\u{0280}\u{1D07}\u{0274} \u{1D18}\u{1D00}\u{0280}\u{1D0F}\u{029F}\u{1D07}", " reabren parole "),  // small capitals
            ("PAR\u{00D3}LE", " parole "),
            ("paro\u{0301}le", " parole "),  // decomposed accent
            ("par\u{00F2}l", " parol "),  // Haitian Creole
            ("Pwogram paròl la ap relouvri", " pwogram parol la ap relouvri "),
            ("\u{FB01}n", " fin "),  // ligature
            ("Stra\u{00DF}e", " strase "),
            ("approved", " aproved "),
            ("llamar", " lamar "),
            ("Ni\u{00F1}o acci\u{00F3}n fran\u{00E7}ais \u{00E8}", " nino acion francais e "),
            ("pa\u{00AD}role", " parole "),  // soft hyphen
            ("parole\u{FE0F}", " parole "),  // variation selector
            ("Realtor\u{00AE} biling\u{00FC}e", " realtor bilingue "),  // `®` ending a word is no letter
        ]
    )
    func foldsWithoutObfuscation(_ text: String, _ expected: String) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected)
        #expect(result.obfuscatedSpans.isEmpty)
    }

    @Test(
        "leaves numbers, prices, phone numbers, short words and ordinary Spanish alone",
        arguments: [
            ("2026", " 2026 "),
            ("$250", " $ 250 "),
            ("100%", " 100 % "),
            ("555-0142", " 555 0142 "),
            ("y a la casa", " y a la casa "),
            ("Y A LA CASA", " y a la casa "),
            ("24h", " 24h "),
            ("covid19", " covid19 "),
            ("H1B y I-134", " h1b y i 134 "),
            ("US$100", " us $ 100 "),
            ("\u{FF04}\u{FF12}\u{FF15}\u{FF10}", " $ 250 "),  // fullwidth $250
            ("U.S.A.", " u s a . "),  // the last `.` ends a sentence
            ("de A a B", " de a a b "),
        ]
    )
    func leavesNonObfuscationAlone(_ text: String, _ expected: String) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected)
        #expect(result.obfuscatedSpans.isEmpty)
    }

    @Test(
        "keeps $ % \" : ? ! € as one-character tokens and treats other punctuation and emoji as separators",
        arguments: [
            ("¡Reabren!!!", " reabren ! ! ! "),
            ("¿Es verdad?", " es verdad ? "),
            ("Costo: 500€", " costo : 500 € "),
            ("🇺🇸 CHNV 👉 parole 🙏🏽", " chnv parole "),
            ("parole,humanitario;(CHNV)", " parole humanitario . chnv "),  // `;` ends a sentence
            ("https://uscis.gov/chnv", " htps : uscis gov chnv "),
        ]
    )
    func keepsRuleSymbols(_ text: String, _ expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test(
        "unifies every quotation mark to \" and drops apostrophes inside or at the end of words",
        arguments: [
            ("“parole”", " \" parole \" "),
            ("«parole»", " \" parole \" "),
            ("„parole“", " \" parole \" "),
            ("‹parole›", " \" parole \" "),
            ("\"parole\"", " \" parole \" "),
            ("'parole'", " \" parole \" "),
            ("‘parole’", " \" parole \" "),
            ("'hola' li na' vini", " \" hola \" li na vini "),
            ("don't", " dont "),
            ("don’t", " dont "),
            ("m'ap", " map "),
            ("li na' vini", " li na vini "),
            ("a ' b", " a \" b "),
        ]
    )
    func unifiesQuotes(_ text: String, _ expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test("keeps an @ that starts an e-mail domain as a separator, so the domain stays readable")
    func keepsEmailDomains() {
        #expect(normalized("info@uscis.gov") == " info uscis gov ")
        #expect(normalized("escriba a p@role.") == " escriba a parole . ")
        #expect(normalized("@uscis") == " uscis ")
    }

    @Test(
        "keeps letters of other scripts as lowercase words",
        arguments: [
            ("Привет МИР", " пpивeт mиp "),
            ("申请假释", " 申请假释 "),
            ("ΑΘΗΝΑ", " aθhna "),
        ]
    )
    func keepsOtherScripts(_ text: String, _ expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test("gives the empty text and separator-only text a single space and no tokens", arguments: ["", " ", "!?"])
    func emptyText(_ text: String) {
        let result = normalizer.normalize(text)
        if text == "!?" {
            #expect(result.text == " ! ? ")
            return
        }
        #expect(result.bytes == [0x20])
        #expect(result.tokenCount == 0)
        #expect(result.originalRange(0..<1) == 0..<text.utf8.count)
    }

    @Test("maps a token back to exactly the original bytes it came from, squeezed letters and accents included")
    func mapsTokensToOriginalBytes() throws {
        let text = "¡¡Ya REABREN el PARÓÓÓLE hu\u{200B}manitario!!"
        let result = normalizer.normalize(text)
        #expect(result.text == " ya reabren el parole humanitario ! ! ")
        let original = Array(text.utf8)
        func slice(_ word: String) throws -> String {
            let needle = Array(word.utf8)
            let start = try #require(
                (0...(result.bytes.count - needle.count)).first {
                    Array(result.bytes[$0..<($0 + needle.count)]) == needle
                }
            )
            let range = result.originalRange(start..<(start + needle.count))
            return String(decoding: original[range], as: UTF8.self)
        }
        #expect(try slice("parole") == "PARÓÓÓLE")
        #expect(try slice("parole humanitario") == "PARÓÓÓLE hu\u{200B}manitario")
        #expect(try slice("reabren") == "REABREN")
        #expect(try slice("!") == "!")
    }

    @Test("maps spaced letters back to the whole spaced-out word")
    func mapsSpacedLetters() {
        let text = "es el p . a . r . o . l . e"
        let result = normalizer.normalize(text)
        #expect(result.text == " es el parole ")
        let range = result.originalRange(7..<13)
        #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "p . a . r . o . l . e")
    }

    @Test("numbers tokens from 0 and counts a separator space with the token before it")
    func tokenIndices() {
        let result = normalizer.normalize("reabren el parole")  // " reabren el parole "
        #expect(result.tokenCount == 3)
        #expect(result.tokenIndex(at: 0) == 0)
        #expect(result.tokenIndex(at: 1) == 0)
        #expect(result.tokenIndex(at: 8) == 0)
        #expect(result.tokenIndex(at: 9) == 1)
        #expect(result.tokenIndex(at: 12) == 2)
        #expect(result.tokenIndex(at: 18) == 2)
    }

    @Test("normalizes rule phrases the same way as text, keeping a trailing * for prefix phrases")
    func normalizesPhrases() {
        #expect(normalizer.normalizedPhrase("Parole  Humanitario") == Array("parole humanitario".utf8))
        #expect(normalizer.normalizedPhrase("REABR*") == Array("reabr*".utf8))
        #expect(normalizer.normalizedPhrase("llamar ahora ") == Array("lamar ahora".utf8))
        #expect(normalizer.normalizedPhrase("*").isEmpty)
    }
}
