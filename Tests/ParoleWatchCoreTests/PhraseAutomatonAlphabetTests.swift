import Testing

@testable import ParoleWatchCore

@Suite("PhraseAutomaton alphabet")
struct PhraseAutomatonAlphabetTests {
    private let normalizer = Normalizer()

    @Test("matches phrases with bytes outside ASCII, such as kept letters of other scripts")
    func matchesNonASCIIPhrases() {
        let automaton = PhraseAutomaton(phrases: [normalizer.normalizedPhrase("申请 parole"), Array("€".utf8)])
        var found: [Int] = []
        automaton.forEachMatch(in: normalizer.normalize("现在 申请 PAROLE, 500 €")) { phrase, _, _ in found.append(phrase) }
        #expect(found == [0, 1])
    }

    @Test("a phrase that was not normalized (capitals, accents) never matches: normalize rule text first")
    func unnormalizedPhrasesNeverMatch() {
        let automaton = PhraseAutomaton(phrases: [Array("Parole".utf8), Array("paról".utf8)])
        var count = 0
        automaton.forEachMatch(in: normalizer.normalize("Parole paról")) { _, _, _ in count += 1 }
        #expect(count == 0)
    }

    @Test("one automaton serves many tasks at once")
    func sharedAcrossTasks() async {
        let automaton = PhraseAutomaton(phrases: ["parole", "reabr*"].map(normalizer.normalizedPhrase))
        let text = normalizer.normalize("reabren el parole, reabrieron el parole")
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var count = 0
                    for _ in 0..<100 { automaton.forEachMatch(in: text) { _, _, _ in count += 1 } }
                    return count
                }
            }
            for await count in group { #expect(count == 400) }
        }
    }
}
