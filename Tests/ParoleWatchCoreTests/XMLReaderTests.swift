import Foundation
import Testing

@testable import ParoleWatchCore

@Suite("XMLReader")
struct XMLReaderTests {
    private func read(_ xml: String, base: String? = nil) -> XMLDocument {
        XMLReader.read(Array(xml.utf8), documentURL: base.flatMap(URL.init(string:)))
    }

    private func rootText(_ xml: String) -> String {
        let document = read(xml)
        return document.root.map { document.textContent(of: $0) } ?? "<no root>"
    }

    @Test(
        "decodes references in text",
        arguments: [
            ("<a>&amp;&lt;&gt;&quot;&apos;</a>", "&<>\"'"),
            ("<a>&#233;&#xE9;&#XE9;</a>", "ééé"),
            ("<a>&nbsp;&eacute;&ntilde;&rsquo;&hellip;&mdash;&euro;&copy;</a>", "\u{A0}éñ’…—€©"),
            ("<a>&#0;&#xD800;&#x110000;&#99999999999;</a>", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("<a>&#150;&#x93;</a>", "–“"),
            ("<a>AT&T &amp; &unknown; &</a>", "AT&T & &unknown; &"),
            ("<a>&#x1F600;</a>", "😀"),
            ("<a>&copy 2024 &nbsp&amp</a>", "© 2024 \u{A0}&"),
            ("<a>https://x.example/?a=1&copy=2&lt=3</a>", "https://x.example/?a=1&copy=2&lt=3"),
        ]
    )
    func decodesReferences(_ xml: String, _ expected: String) {
        #expect(rootText(xml) == expected)
    }

    @Test("keeps CDATA literally and skips comments and processing instructions")
    func cdataCommentsAndPIs() {
        #expect(rootText("<a>x<![CDATA[<b>&amp;</b>]]>y<!-- <c>gone</c> --><?pi data?>z</a>") == "x<b>&amp;</b>yz")
    }

    @Test("skips a DOCTYPE with an internal subset and warns about declared entities it leaves alone")
    func doctype() {
        let document = read(
            "<!DOCTYPE a [<!ENTITY e \"boom\"> <!-- ] > --> <!ENTITY % p SYSTEM \"x.dtd\">]><a>&e;</a>"
        )
        #expect(document.textContent(of: document.root ?? -1) == "&e;")
        #expect(
            document.warnings == [
                "entity &e; is declared in the DOCTYPE, which is never expanded; kept as text at line 1"
            ]
        )
    }

    @Test("resolves namespaces by URI whatever the prefix")
    func namespaces() throws {
        let document = read(
            """
            <r xmlns="urn:default" xmlns:p="urn:p"><p:x p:attr="1" plain="2"/><y xmlns="urn:other"/><z/></r>
            """
        )
        let root = try #require(document.root)
        #expect(document.elements[root].namespace == "urn:default")
        let children = document.childElements(of: root).map { document.elements[$0] }
        #expect(children.map(\.namespace) == ["urn:p", "urn:other", "urn:default"])
        #expect(children.map(\.name) == ["x", "y", "z"])
        #expect(children[0].attribute("attr", namespace: "urn:p") == "1")
        #expect(children[0].attribute("plain") == "2")
    }

    @Test("assumes the conventional URI for an undeclared well-known prefix, with a warning")
    func undeclaredPrefix() throws {
        let document = read("<r>\n<content:encoded>x</content:encoded><dc:date>d</dc:date></r>")
        let children = document.childElements(of: try #require(document.root)).map { document.elements[$0] }
        #expect(children.map(\.namespace) == [XMLNamespace.content, XMLNamespace.dc])
        #expect(
            document.warnings.first
                == "namespace prefix \"content\" is not declared; assumed \(XMLNamespace.content) at line 2"
        )
    }

    @Test("computes nested and relative xml:base")
    func xmlBase() throws {
        let document = read(
            "<r xml:base=\"https://a.example/x/\"><s xml:base=\"y/\"><t xml:base=\"../z/\"/></s><u/></r>",
            base: "https://ignored.example/"
        )
        let bases = document.elements.map(\.base)
        #expect(
            bases == [
                "https://a.example/x/", "https://a.example/x/y/", "https://a.example/x/z/", "https://a.example/x/",
            ]
        )
    }

    @Test("recovers from mismatched and unclosed tags with warnings")
    func recovery() throws {
        let document = read("<r>\n<a><b>text</a>\n<c></d></c>\n<e>")
        let root = try #require(document.root)
        #expect(document.childElements(of: root).map { document.elements[$0].name } == ["a", "c", "e"])
        #expect(
            document.warnings == [
                "unclosed <b> closed by </a> at line 2",
                "stray end tag </d> ignored at line 3",
                "document ended with 2 unclosed element(s): <e>, <r> at line 4",
            ]
        )
    }

    @Test("an item opened inside an unclosed item closes it")
    func nonNestingItems() throws {
        let document = read("<channel><item><title>1</title><description>x\n<item><title>2</title></item></channel>")
        let root = try #require(document.root)
        #expect(document.childElements(of: root).count == 2)
        #expect(document.warnings.first == "<item> from line 1 was not closed before the next <item> at line 2")
    }

    @Test("tolerates unquoted and valueless attributes, and attribute entities")
    func attributes() throws {
        let document = read("<a href=https://x.example/?a=1&amp;b=2 checked title='it&apos;s\tok'/>")
        let element = document.elements[try #require(document.root)]
        #expect(element.attribute("href") == "https://x.example/?a=1&b=2")
        #expect(element.attribute("checked") == "checked")
        #expect(element.attribute("title") == "it's ok")
    }

    @Test("re-serializes inner markup for embedded HTML")
    func innerXML() throws {
        let document = read("<d>a <b class=\"x\">b &amp; c</b><br/></d>")
        #expect(document.innerXML(of: try #require(document.root)) == "a <b class=\"x\">b &amp; c</b><br></br>")
    }

    @Test("reports line numbers from byte offsets")
    func lineNumbers() {
        let index = LineIndex(Array("a\nb\n\nc".utf8))
        #expect([0, 1, 2, 3, 4, 5].map(index.line(at:)) == [1, 1, 2, 2, 3, 4])
    }

    @Test("caps the number of warnings kept")
    func warningCap() {
        let document = read("<r>" + String(repeating: "&bad;", count: 200) + "</r>")
        #expect(document.warnings.count == XMLReader.maximumWarnings + 1)
        #expect(document.warnings.last == "150 further warnings suppressed")
    }
}
