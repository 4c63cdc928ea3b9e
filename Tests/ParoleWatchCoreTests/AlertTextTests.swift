import Foundation
import Testing

@testable import ParoleWatchCore

@Suite("AlertText")
struct AlertTextTests {
    func rule(_ field: PostField, _ start: Int, _ end: Int, _ match: String) -> Alert.Rule {
        Alert.Rule(id: "R", weight: 1, field: field, start: start, end: end, match: match, description: "")
    }

    @Test("an alert renders exactly as the golden page")
    func matchesGoldenPage() throws {
        let expected = try String(contentsOf: AlertSamples.fixture("A000042.txt"), encoding: .utf8)
        #expect(AlertText.render(AlertSamples.rumor) == expected)
    }

    @Test("an alert without link, date, language, rules or reposts still renders every section")
    func bareAlert() {
        let page = AlertText.render(AlertSamples.bare)
        for line in [
            "Alert A000043", "Reposts    none", "Title      (none)", "Link       (none)", "Published  (not given)",
            "Language   (unknown)", "  CHNV parole reopens Monday", "  (no rules recorded)", "Kreyòl ayisyen (ht)",
        ] {
            #expect(page.contains(line), "\(line)")
        }
    }

    @Test("matched spans are marked at their byte offsets, with multi-byte text before them")
    func marksSpans() {
        let text = "Última hora: reabren el parole 🇨🇺 hoy"
        let (start, end) = AlertSamples.span("reabren el parole", in: text)
        #expect(AlertText.marked(text, rules: [rule(.text, start, end, "reabren el parole")])
            == "Última hora: ⟦reabren el parole⟧ 🇨🇺 hoy")
    }

    @Test("overlapping and touching spans are merged into one mark")
    func mergesSpans() {
        let text = "el parole vuelve a abrir ya"
        let rules = [
            rule(.text, 3, 9, "parole"), rule(.text, 0, 16, "el parole vuelve"), rule(.text, 16, 24, " a abrir"),
            rule(.text, 25, 27, "ya"),
        ]
        #expect(AlertText.marked(text, rules: rules) == "⟦el parole vuelve a abrir⟧ ⟦ya⟧")
    }

    @Test(
        "offsets that are out of range, inside a character or not the match leave the text unmarked",
        arguments: [
            (-1, 3), (0, 0), (5, 3), (0, 999), (1, 4), (0, 2), (3, 9),
        ])
    func badOffsetsDoNotCrash(_ start: Int, _ end: Int) {
        let text = "éé parole"  // é is two bytes: offsets 1 and 3 are inside characters
        let match = "parole"
        #expect(AlertText.marked(text, rules: [rule(.text, start, end, match)]) == text)
    }

    @Test("a match that ends before a combining accent takes the accent into the mark")
    func widensToWholeCharacters() {
        let text = "reabre\u{301} ya"  // "reabré" with a combining accent
        #expect(AlertText.marked(text, rules: [rule(.text, 0, 6, "reabre")]) == "⟦reabre\u{301}⟧ ya")
    }

    @Test("title spans mark the title and text spans the text, never the other")
    func fieldsStayApart() {
        var alert = AlertSamples.bare
        alert.post.title = "parole"
        alert.post.text = "parole"
        alert.rules = [rule(.title, 0, 6, "parole")]
        let page = AlertText.render(alert)
        #expect(page.contains("Title      ⟦parole⟧\n"))
        #expect(page.contains("\n  parole\n"))
    }

    @Test("terminal escapes and direction overrides in a post cannot reach the moderator's terminal")
    func neutralizesControlCharacters() {
        var alert = AlertSamples.bare
        alert.post.title = "evil\u{1B}]0;owned\u{07}\u{202E}title"
        alert.post.text = "a\u{1B}[2Jb\r\nc\rd\u{9B}e\u{7F}\tf"
        let page = AlertText.render(alert)
        #expect(!page.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" || $0 == "\u{9B}" })
        #expect(!page.contains("\r"))
        #expect(page.contains("Title      evil␛]0;owned␇�title\n"))
        #expect(page.contains("  a␛[2Jb\n  c\n  d�e␡\tf\n"))
    }

    @Test("a multi-line title is shown on one line")
    func titleOnOneLine() {
        var alert = AlertSamples.bare
        alert.post.title = "one\ntwo"
        #expect(AlertText.render(alert).contains("Title      one two\n"))
    }

    @Test(
        "numbers show up to three decimals",
        arguments: [(7.35, "7.35"), (4, "4.0"), (0.315, "0.315"), (-0.48, "-0.48"), (0.0004, "0.0"), (-0.0001, "0.0")])
    func numbers(_ value: Double, _ expected: String) {
        #expect(AlertText.number(value) == expected)
    }
}
