import Testing

@testable import ParoleWatchCore

@Suite("Normalizer evidence and sharing")
struct NormalizerEvidenceTests {
    private let normalizer = Normalizer()

    @Test(
        "maps look-alike letters in any word but calls only mixed-script words obfuscated",
        arguments: [
            ("\u{0441}\u{043E}\u{0440}", " cop ", false),  // all Cyrillic: a Russian word, not a disguise
            ("\u{03BA}\u{03B1}\u{03BB}\u{03B1}", " kaλa ", false),  // Greek
            ("pa\u{0433}ole", " paгole ", false),  // Cyrillic г is no look-alike: kept, not mapped
            ("p\u{0430}role", " parole ", true),
            ("PAR\u{039F}LE", " parole ", true),  // Greek capital omicron
        ]
    )
    func marksMixedScriptOnly(_ text: String, _ expected: String, _ isObfuscated: Bool) {
        let result = normalizer.normalize(text)
        #expect(result.text == expected)
        #expect(!result.obfuscatedSpans.isEmpty == isObfuscated)
    }

    @Test("reports obfuscated tokens by their normalized range, so rules can tell which match was disguised")
    func obfuscatedSpansPointAtTokens() {
        let result = normalizer.normalize("Ya r3abr3n el programa de p a r o l e")
        #expect(result.text == " ya reabren el programa de parole ")
        #expect(result.obfuscatedSpans == [4..<11, 27..<33])
        #expect(result.tokenIndex(at: 27) == 5)
        #expect(result.containsObfuscation(in: 1..<11))  // "ya reabren"
        #expect(result.containsObfuscation(in: 15..<33))  // "programa de parole"
        #expect(!result.containsObfuscation(in: 12..<26))  // "el programa de"
        #expect(!result.containsObfuscation(in: 5..<5))
    }

    @Test("gives the same result from many tasks at once (the shared table is built once, safely)")
    func concurrentUse() async {
        let texts = ["Re\u{200B}abren el pa\u{200B}role", "p@r0le r3abr3n", "ｐａｒｏｌｅ PARÓLE", "p a r o l e"]
        let shared = normalizer
        let expected = texts.map { shared.normalize($0).bytes }
        await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { round in
                        let index = (task + round) % texts.count
                        return shared.normalize(texts[index]).bytes == expected[index]
                    }
                }
            }
            for await agreed in group { #expect(agreed) }
        }
    }
}
