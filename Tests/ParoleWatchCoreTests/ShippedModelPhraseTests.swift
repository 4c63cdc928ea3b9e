import Foundation
import Testing

@testable import ParoleWatchCore

/// How the shipped model's phrases are written, beyond what loading checks.
@Suite("The shipped model's phrases")
struct ShippedModelPhraseTests {
    /// Text drops an apostrophe inside a word (`n'est` → `nest`, `don't` → `dont`), so a phrase written with a space
    /// where the apostrophe goes (`n est`, `don t`) can never match what people type. These spellings are English
    /// contractions and French elisions only: Creole writes `m`, `n`, `l` as words of their own (`n ap`, `l anko`).
    static let splitApostrophes: [String] = [
        #"\b(don|doesn|isn|aren|wasn|weren|hasn|haven|didn|can|won|wouldn|shouldn) t\b"#,
        #"\b(it|that|there|what|here|let|who) s\b"#,
        #"\bi (m|ve|ll|d)\b"#,
        #"\b(they|we|you) (re|ve|ll|d)\b"#,
        #"\b(n|c|s) (est|etait|a|ai|y|en|accepte|approuve|existe|envoyez)\b"#,
        #"\b(j|qu) (ai|avais|ils|elle|on|il)\b"#,
        #"\bd (argent|un|une|accepter|appel|asile|avion|expulsion|escroquerie)\b"#,
        #"\bl (ont|aeroport|administrateur|argent|uscis)\b"#,
    ]

    @Test("no phrase splits an English contraction or a French elision where text has an apostrophe")
    func apostrophesAreWritten() throws {
        let ruleSet = try ModelLoader.load(from: ShippedModelCorpusTests.model)
        let patterns = try Self.splitApostrophes.map { try Regex($0) }
        var offenders: [String] = []
        for rule in ruleSet.model.rules {
            guard case .phrases(let phrases) = rule.matcher else { continue }
            for phrase in phrases where patterns.contains(where: { phrase.lowercased().contains($0) }) {
                offenders.append("\(rule.id): '\(phrase)'")
            }
        }
        #expect(offenders.isEmpty, "write the apostrophe (n'est, don't): \(offenders)")
    }

    @Test("no rule lists the same phrase twice")
    func phrasesAreListedOnce() throws {
        let ruleSet = try ModelLoader.load(from: ShippedModelCorpusTests.model)
        var repeated: [String] = []
        for rule in ruleSet.model.rules {
            guard case .phrases(let phrases) = rule.matcher else { continue }
            var seen = Set<String>()
            for phrase in phrases where !seen.insert(phrase).inserted { repeated.append("\(rule.id): '\(phrase)'") }
        }
        #expect(repeated.isEmpty, "listed twice: \(repeated)")
    }

    @Test("a phrase written with its apostrophe matches the text typed with it or without it")
    func apostropheSpellingsMatch() throws {
        let normalizer = Normalizer()
        #expect(normalizer.normalizedPhrase("n'est pas") == normalizer.normalizedPhrase("nest pas"))
        #expect(normalizer.normalizedPhrase("don't pay") == normalizer.normalizedPhrase("dont pay"))
        #expect(normalizer.normalizedPhrase("n est pas") != normalizer.normalizedPhrase("n'est pas"))
    }
}
