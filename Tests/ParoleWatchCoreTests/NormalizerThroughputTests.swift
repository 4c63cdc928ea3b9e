import Foundation
import Testing

@testable import ParoleWatchCore

/// Throughput of normalizing plus phrase matching, the scorer's hot path. Off by default (it needs a release build
/// to mean anything): `PAROLEWATCH_SCORING_BENCH=1 swift test -c release --filter NormalizerThroughputTests`.
@Suite(
    "Normalizer throughput",
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["PAROLEWATCH_SCORING_BENCH"] != nil)
)
struct NormalizerThroughputTests {
    private static let vocabulary =
        ("el programa de parole humanitario CHNV reabre en junio aplica ahora gratis sin costo the humanitarian "
        + "parole program is reopening apply now before it closes pwogram paròl la ap relouvri aplike kounye a "
        + "pa peye pèsonn nouvelles inscriptions ouvertes pour le programme USCIS confirmó que no hay nuevas "
        + "solicitudes llame al 555-0142 $250 por persona 100% garantizado 24h ¡¡URGENTE!! 🇺🇸🙏 “oficial” "
        + "p@r0le r3abr3n Re\u{200B}abren p\u{0430}r\u{043E}le PAROOOLE PARÓLE p.a.r.o.l.e").split(separator: " ").map(
            String.init
        )

    @Test(
        "normalizes and matches more than 20 MB/s of posts against 2,000 and 5,000 phrases",
        arguments: [2_000, 5_000]
    )
    func throughput(_ phraseCount: Int) {
        var random = ScoringTestRandom(seed: 0xBE_0001)
        let normalizer = Normalizer()
        var posts: [String] = []
        var totalBytes = 0
        while totalBytes < 4_000_000 {
            let post = (0..<Int.random(in: 20...80, using: &random)).map { _ in
                Self.vocabulary.randomElement(using: &random) ?? ""
            }.joined(separator: " ")
            totalBytes += post.utf8.count
            posts.append(post)
        }
        // Distinct phrases: every vocabulary word, then word pairs, then random words, so matches are frequent but
        // each occurrence is reported once per phrase, as with a real rule file.
        var phraseSet: Set<[UInt8]> = Set(Self.vocabulary.map(normalizer.normalizedPhrase))
        while phraseSet.count < phraseCount / 4 {
            let pair = [Self.vocabulary.randomElement(using: &random), Self.vocabulary.randomElement(using: &random)]
            phraseSet.insert(normalizer.normalizedPhrase(pair.compactMap { $0 }.joined(separator: " ")))
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        while phraseSet.count < phraseCount {
            phraseSet.insert(
                (0..<Int.random(in: 4...20, using: &random)).map { position in
                    position % 7 == 6 ? 0x20 : letters.randomElement(using: &random) ?? 0x61
                }
            )
        }
        let phrases = phraseSet.sorted { $0.lexicographicallyPrecedes($1) }
        _ = normalizer.normalize("build the scalar table first")
        let clock = ContinuousClock()
        var automaton = PhraseAutomaton(phrases: [])
        let buildTime = clock.measure { automaton = PhraseAutomaton(phrases: phrases) }
        var matches = 0
        let scanTime = clock.measure {
            for post in posts {
                let text = normalizer.normalize(post)
                automaton.forEachMatch(in: text) { _, start, end in
                    matches += text.originalRange(start..<end).count > 0 ? 1 : 0
                }
            }
        }
        let seconds = Double(scanTime.components.attoseconds) / 1e18 + Double(scanTime.components.seconds)
        let megabytesPerSecond = Double(totalBytes) / 1e6 / seconds
        print("\(phraseCount) phrases: build \(buildTime), \(megabytesPerSecond) MB/s, \(matches) matches")
        #if !DEBUG  // a debug build is about 30× slower; the target is for release builds
            #expect(megabytesPerSecond > 20)
            #expect(buildTime < .seconds(1))
        #endif
    }
}
