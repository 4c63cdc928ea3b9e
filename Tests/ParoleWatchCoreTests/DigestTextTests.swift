@testable import ParoleWatchCore
import Testing

@Suite("DigestText shortens and escapes chat text")
struct DigestTextTests {
    @Test(
        "truncation keeps whole characters and ends in an ellipsis",
        arguments: [
            ("hello", 10, "hello"),
            ("hello", 5, "hello"),
            ("hello world", 6, "hello…"),
            ("😀😀😀", 5, "😀😀…"),  // each emoji is 2 UTF-16 units
            ("😀😀😀", 4, "😀…"),
            ("e\u{301}e\u{301}e\u{301}", 5, "e\u{301}e\u{301}…"),  // never separates an accent from its letter
            ("👩‍👩‍👧‍👦 family", 8, "…"),  // an 11-unit cluster does not fit whole
            ("abc", 0, ""),
            ("abc", 1, "…"),
        ] as [(String, Int, String)]
    )
    func truncation(text: String, limit: Int, expected: String) {
        let result = DigestText.truncated(text, limit: limit)
        #expect(result == expected)
        #expect(result.utf16.count <= limit)
    }

    @Test("the limit applies to the escaped text")
    func escapedLength() {
        let result = DigestText.truncated("a&b&c", limit: 8, escape: DigestText.escapeAngleBrackets)
        #expect(result == "a&amp;b…")
        let whole = DigestText.truncated("<&>", limit: 13, escape: DigestText.escapeAngleBrackets)
        #expect(whole == "&lt;&amp;&gt;")
    }

    @Test("excerpts collapse whitespace into one line")
    func oneLine() {
        #expect(DigestText.oneLine("  a \n\n b\t\tc  \r\n") == "a b c")
        #expect(DigestText.oneLine("") == "")
    }

    @Test("only http and https links without spaces count as links", arguments: [
        ("https://example.org/a?b=c", true), ("HTTP://EXAMPLE.ORG", true), ("javascript:alert(1)", false),
        ("ftp://x", false), ("https://a b", false), ("https://a\nb", false), ("", false),
    ])
    func webLinks(link: String, expected: Bool) {
        #expect(DigestText.isWebLink(link) == expected)
    }

    @Test("scores print with at most two decimals", arguments: [
        (7.5, "7.5"), (12, "12"), (1 / 3, "0.33"), (-2.5, "-2.5"), (.infinity, "0"), (.nan, "0"),
    ] as [(Double, String)])
    func scores(value: Double, expected: String) {
        #expect(DigestText.score(value) == expected)
    }
}
