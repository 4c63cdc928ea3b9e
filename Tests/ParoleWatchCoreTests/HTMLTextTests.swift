import Testing

@testable import ParoleWatchCore

@Suite("HTMLText")
struct HTMLTextTests {
    @Test(
        "turns HTML into readable plain text",
        arguments: [
            ("<p>One</p><p>Two</p>", "One\n\nTwo"),
            ("a<br>b<br/>c", "a\nb\nc"),
            ("<ul><li>x</li><li>y</li></ul>", "x\ny"),
            ("<h1>T</h1>body", "T\n\nbody"),
            ("<div>a</div><div>b</div>", "a\nb"),
            ("<blockquote>q</blockquote>after", "q\n\nafter"),
            ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
            ("wo<b>r</b>d <i>x</i>.", "word x."),
            ("  lots \n\t of   space  ", "lots of space"),
            ("<script>var a = '<p>';</script>shown<style>p{}</style>", "shown"),
            ("<head><title>T</title></head><body>b</body>", "b"),
            ("<noscript>n</noscript> <applet>a</applet> <object>o</object>", "n o"),
            ("<SCRIPT type=x>hidden</SCRIPT >ok", "ok"),
            ("a &amp; b &lt;tag&gt; &eacute; &#233; &#xE9; &nbsp;c", "a & b <tag> é é é c"),
            ("&bogus; & &#; x", "&bogus; & &#; x"),
            ("&copy 2024 caf&eacute Q&A", "© 2024 café Q&A"),
            ("a < b > c", "a < b > c"),
            ("<!-- hidden -->x<!DOCTYPE html>", "x"),
            ("<a href=\"x>y\">link</a>", "link"),
            ("", ""),
        ]
    )
    func plainText(_ html: String, _ expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test("plain text keeps line breaks but collapses spaces")
    func normalizedPlainText() {
        #expect(HTMLText.normalizedPlainText("  a   b \n\n\n\n c\n") == "a b\n\nc")
    }

    @Test("single-line text collapses every whitespace run")
    func singleLine() {
        #expect(HTMLText.singleLine(" a\n\tb\u{A0} c ") == "a b c")
    }

    @Test(
        "guesses HTML the way feedparser does",
        arguments: [
            ("a <b>bold</b> move", true), ("Tom &amp; Jerry", true), ("&#169; 2024", true),
            ("a < b", false), ("Tom & Jerry", false), ("<irons> & you", false),
            ("<blink>x</blink>", false), ("&bogus; x", false), ("&apos;", false),
        ]
    )
    func looksLikeHTML(_ text: String, _ expected: Bool) {
        #expect(HTMLText.looksLikeHTML(text) == expected)
    }
}
