import Foundation
import ParoleWatchCore
import Testing

@Suite("FeedAtomParser")
struct FeedAtomParserTests {
    @Test("Atom 1.0: html titles and content, text summaries, authors, and ids standing in for links")
    func atom10() throws {
        let feed = try FeedFixture.parse("atom10.xml")
        #expect(feed.title == "Trail Running Log")
        #expect(feed.link == "https://trails.example.org/")
        #expect(feed.warnings.isEmpty)
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "tag:trails.example.org,2024:ridge-loop",
                    link: "https://trails.example.org/ridge-loop",
                    title: "Ridge loop in the rain",
                    published: FeedFixture.date("2024-04-13T15:30:00Z"),
                    updated: FeedFixture.date("2024-04-14T08:00:00Z"),
                    author: "Lena Berg (lena@trails.example.org)",
                    text: "Twelve kilometres of mud.\n\nWorth it."
                ),
                FeedEntry(
                    id: "tag:trails.example.org,2024:rest-day",
                    link: "tag:trails.example.org,2024:rest-day",
                    title: "Rest day",
                    updated: FeedFixture.date("2024-04-12T13:00:00Z"),
                    text: "Foam roller & stretching. Nothing else."
                ),
                FeedEntry(
                    id: "https://trails.example.org/gear",
                    link: "/gear",
                    title: "Gear list",
                    updated: FeedFixture.date("2024-04-10T12:00:00Z"),
                    text: "Shoes, vest, poles."
                ),
            ]
        )
    }

    @Test("Atom 0.3: issued feeds published, modified feeds updated; escaped, xml and base64 modes")
    func atom03() throws {
        let feed = try FeedFixture.parse("atom03.xml")
        #expect(feed.format == .atom03)
        #expect(feed.title == "Beekeeper’s Diary")
        #expect(feed.link == "http://bees.example.com/")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "tag:bees.example.com,2004:swarm",
                    link: "http://bees.example.com/2004/05/swarm",
                    title: "First swarm of the year",
                    published: FeedFixture.date("2004-05-01T23:30:00Z"),
                    updated: FeedFixture.date("2004-05-02T09:00:00Z"),
                    text: "The swarm settled in the apple tree."
                ),
                FeedEntry(
                    id: "tag:bees.example.com,2004:inspection",
                    link: "http://bees.example.com/2004/04/inspection",
                    title: "Hive inspection",
                    published: FeedFixture.date("2004-04-20T12:00:00Z"),
                    updated: FeedFixture.date("2004-04-20T12:00:00Z"),
                    text: "Queen spotted.\n\nLots of brood."
                ),
                FeedEntry(
                    id: "tag:bees.example.com,2004:base64",
                    link: "http://bees.example.com/2004/04/base64",
                    title: "Base64 note",
                    published: FeedFixture.date("2004-04-18T12:00:00Z"),
                    text: "Honey harvest soon."
                ),
            ]
        )
    }

    @Test("xhtml text constructs read the inner XML of the div, any prefix")
    func xhtml() throws {
        let feed = try FeedFixture.parse("atom-xhtml-content.xml")
        #expect(feed.title == "Pottery Studio Notes")
        #expect(feed.entries[0].title == "Glazing day")
        #expect(feed.entries[0].text == "Three glazes tested:\n\nCeladon\nTenmoku\nShino\n\nKiln at 1280°C & cone 10.")
        #expect(feed.entries[0].published == FeedFixture.date("2024-02-28T15:00:00Z"))
    }

    @Test("xml:base on feed, entry and link, nested and relative")
    func xmlBase() throws {
        let feed = try FeedFixture.parse("atom-xml-base.xml", documentURL: URL(string: "https://ignored.example.com/"))
        #expect(feed.link == "https://base.example.com/blog/")
        #expect(
            feed.entries.map(\.link) == [
                "https://base.example.com/blog/posts/one.html", "https://base.example.com/archive/2023/two.html",
                "https://base.example.com/blog/three.html", "https://other.example.com/root.html",
            ]
        )
        #expect(feed.entries[2].id == "https://base.example.com/blog/sub/three")
        #expect(feed.entries[0].id == "tag:base.example.com,2024:one")
    }

    @Test("a prefixed Atom document; text content keeps its line breaks")
    func prefixed() throws {
        let feed = try FeedFixture.parse("atom-no-namespace-prefix.xml")
        #expect(feed.title == "Prefixed Atom")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "https://prefixed.example.com/1",
                    link: "https://prefixed.example.com/1",
                    title: "Prefixed entry",
                    published: FeedFixture.date("2024-04-20T00:00:00Z"),
                    updated: FeedFixture.date("2024-04-21T00:00:00Z"),
                    text: "Line one.\nLine two."
                )
            ]
        )
    }
}
