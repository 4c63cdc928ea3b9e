import Foundation
import TestSupport
import Testing

@testable import ParoleWatchCore

/// The one-pass path for plain text (``Normalizer/PlainPass``) against the general steps: whenever it takes a text,
/// its output (bytes, offset map, token starts, obfuscated spans) must be exactly theirs.
@Suite("Normalizer: the one-pass path for plain text agrees with the general steps")
struct NormalizerPlainPathTests {
    /// Pieces of text that exercise every decision the one-pass path makes or hands over: case, accents (composed and
    /// combining), quotation marks, apostrophes, stops (`.` `;` `…` `•`, spaced and unspaced dashes), separators
    /// between possible syllables, `@` and `$`, digits next to letters, pictographs with and without variation
    /// selectors, zero-width characters, look-alike letters, ligatures, non-Latin letters, `€`, line breaks.
    static let pieces: [String] = [
        "pa", "ro", "le", "a", "b", "e", "o", "y", "m", "parole", "Reabren", "PAROLE", "llamar", "paroooole", "uscis",
        "gov", "www", "com", "mail", "covid19", "r3abr3n", "2026", "555", "0142", "3", "x", "2x",
        "é", "Ñ", "ó", "e\u{301}", "ß", "ﬁ", "ｐ", "а", "中", "ж", "€",
        " ", " ", " ", "  ", "\n", "\t", "\r\n", ".", ".", "...", ";", "-", "_", "*", "/", ",", "#", "(", ")",
        "—", "–", " — ", "…", "•", "·", "«", "»", "“", "”", "\"", "'", "’", "`", "¿", "¡", "?", "!", ":", "%",
        "@", "$", "🙏", "🌧\u{FE0F}", "🇺🇸", "✅", "\u{200B}", "\u{200D}", "\u{FE0F}", "\u{00AD}",
    ]

    static func randomText(_ random: inout ScoringTestRandom) -> String {
        (0..<Int.random(in: 0...24, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
    }

    static let shippedNormalizer: Normalizer = {
        let url = Repository.root.appendingPathComponent("config/model.yaml")
        return (try? ModelLoader.load(from: url))?.normalizer ?? Normalizer()
    }()

    static func general(_ normalizer: Normalizer) -> Normalizer {
        var general = normalizer
        general.usesPlainPath = false
        return general
    }

    @Test("random texts of tricky pieces normalize the same on both paths", arguments: [false, true])
    func randomTexts(withModelWords: Bool) {
        let normalizer = withModelWords ? Self.shippedNormalizer : Normalizer()
        let general = Self.general(normalizer)
        var random = ScoringTestRandom(seed: withModelWords ? 0x91A1_0002 : 0x91A1_0001)
        var plain = 0
        for _ in 0..<30_000 {
            let text = Self.randomText(&random)
            let expected = general.normalize(text)
            let actual = normalizer.normalize(text)
            #expect(actual == expected, "\(text.debugDescription): \(actual.text.debugDescription) ≠ \(expected.text.debugDescription)")
            if actual != expected { return }
            if normalizer.takesPlainPath(text) { plain += 1 }
        }
        // Both outcomes must be exercised, or the comparison says little.
        #expect(plain > 3_000 && plain < 27_000, "\(plain) of 30,000 took the one-pass path")
    }

    @Test("every post of the test corpora normalizes the same on both paths, and most take the one-pass path")
    func corpora() throws {
        let normalizer = Self.shippedNormalizer
        let general = Self.general(normalizer)
        let directory = WeightTrainerTests.fixtures
        var fields = 0
        var plain = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".jsonl") {
            for post in try LabeledCorpus.load(from: directory.appendingPathComponent(name)) {
                for text in [post.title, post.text] where !text.isEmpty {
                    #expect(normalizer.normalize(text) == general.normalize(text), "\(name) \(post.id)")
                    fields += 1
                    if normalizer.takesPlainPath(text) { plain += 1 }
                }
            }
        }
        #expect(fields > 1_000)
        #expect(Double(plain) >= 0.6 * Double(fields), "\(plain) of \(fields) fields took the one-pass path")
    }

    @Test("plain text takes the one-pass path; each obfuscation hands over to the general steps")
    func handover() {
        let normalizer = Self.shippedNormalizer
        for text in [
            "El parole humanitario NO ha reabierto — es falso.", "Don't pay anyone: it's a scam!", "«Aplica ya» 🙏",
            "Mwen pa konnen... m'ap tann", "Visit example.com/parole-2026", "US$500 por persona", "gracias🙏 amigos",
        ] {
            #expect(normalizer.takesPlainPath(text), "\(text)")
        }
        for text in [
            "p@role", "pa$$port", "r3abr3n", "p a r o l e", "pa.ro.le", "pa-rol", "Re\u{200B}abren", "p\u{0430}role",
            "pa🇺🇸rol", "x@uscis.gov",
        ] {
            #expect(!normalizer.takesPlainPath(text), "\(text)")
        }
    }

    @Test("a text whose output outgrows the first buffers runs again in larger ones, and still agrees")
    func outputLongerThanTheFirstBuffers() {
        let normalizer = Self.shippedNormalizer
        let general = Self.general(normalizer)
        // Each `?` and `!` is a token of its own: twice the bytes of the input, and a token per two bytes.
        let texts = [
            String(repeating: "¿Sí?! ", count: 120), String(repeating: "!?", count: 400), "a" + String(repeating: "?", count: 90),
        ]
        for text in texts {
            let normalized = normalizer.normalize(text)
            #expect(normalizer.takesPlainPath(text))
            #expect(normalized == general.normalize(text))
            // Past the first buffers: more bytes, or more tokens, than they hold.
            let length = text.utf8.count
            #expect(normalized.bytes.count > length + length / 4 + 64 || normalized.tokenCount > length / 4 + 32)
        }
    }
}
