import Foundation
import ParoleWatchCore
import Testing

@Suite("FeedRSSParser")
struct FeedRSSParserTests {
    @Test("RSS 2.0: permalink guid stands in for a missing link; non-permalink guid is only the id")
    func basic() throws {
        let feed = try FeedFixture.parse("rss20-basic.xml")
        #expect(feed.title == "Riverside Garden Club")
        #expect(feed.link == "https://garden.example.org/")
        #expect(feed.warnings.isEmpty)
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "garden-post-101",
                    link: "https://garden.example.org/posts/tomatoes",
                    title: "Tomato seedlings are ready",
                    published: FeedFixture.date("2024-03-04T09:15:00Z"),
                    author: "maria@garden.example.org (Maria Lopez)",
                    text: "Pick up your seedlings at the shed."
                ),
                FeedEntry(
                    id: "https://garden.example.org/posts/compost",
                    link: "https://garden.example.org/posts/compost",
                    title: "Compost workshop",
                    published: FeedFixture.date("2024-03-02T14:00:00Z"),
                    text: "Bring a bucket.\n\nGloves provided."
                ),
            ]
        )
    }

    @Test("RSS 0.90, 0.91 and 0.92 items")
    func oldVersions() throws {
        let rss090 = try FeedFixture.parse("rss090.xml")
        #expect(rss090.title == "Old Mill Bakery")
        #expect(rss090.entries.map(\.link) == ["http://bakery.example.com/rye", "http://bakery.example.com/holiday"])
        let rss091 = try FeedFixture.parse("rss091.xml")
        #expect(rss091.entries.map(\.title) == ["Fog rolls in early", "Clear skies return"])
        #expect(rss091.entries[0].text == "Visibility dropped to 200 metres by 6 am.")
        let rss092 = try FeedFixture.parse("rss092.xml")
        #expect(rss092.entries.count == 2)
        #expect(rss092.entries[1].title == nil)
        #expect(rss092.entries[1].link == nil)
        #expect(
            rss092.entries[1].text == "Weekend engineering works: buses replace trains between Eastvale and Millbrook."
        )
    }

    @Test("RSS 1.0: rdf:about is the id and dc:date feeds updated, as in feedparser")
    func rdf() throws {
        let feed = try FeedFixture.parse("rdf-dc-date.xml")
        #expect(feed.title == "Backyard Astronomy")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "http://astro.example.org/log/1",
                    link: "http://astro.example.org/log/1",
                    title: "Jupiter’s moons",
                    updated: FeedFixture.date("2024-02-10T21:30:00Z"),
                    author: "Ken Ito",
                    text: "All four Galilean moons were visible at 22:00."
                ),
                FeedEntry(
                    id: "http://astro.example.org/log/2",
                    link: "http://astro.example.org/log/2",
                    title: "Cloudy again",
                    updated: FeedFixture.date("2024-02-11T00:00:00Z"),
                    text: "No observing tonight.\n\nCleaned the mirror instead."
                ),
            ]
        )
        #expect(feed.entries[0].date == FeedFixture.date("2024-02-10T21:30:00Z"))
    }

    @Test("latin-1, windows-1252, UTF-16 and mislabeled documents decode to the right characters")
    func encodings() throws {
        let latin1 = try FeedFixture.parse("rss-latin1.xml")
        #expect(latin1.title == "Café Crème")
        #expect(latin1.entries[0].title == "Crêpes du dimanche")
        #expect(latin1.entries[0].text == "Crêpes sucrées et salées, à partir de 9 h.")
        #expect(latin1.entries[0].published == FeedFixture.date("2024-04-07T08:00:00Z"))
        let cp1252 = try FeedFixture.parse("rss-windows1252.xml")
        #expect(cp1252.title == "Quote’s Corner")
        #expect(cp1252.entries[0].title == "“Smart quotes” – and dashes")
        #expect(cp1252.entries[0].text == "It costs €10 … or so.")
        for name in ["rss-utf16-bom.xml", "rss-utf16be-bom.xml"] {
            let utf16 = try FeedFixture.parse(name)
            #expect(utf16.title == "Ünïcode Ströme")
            #expect(utf16.entries[0].title == "Grüße aus Köln — 東京")
            #expect(utf16.entries[0].published == FeedFixture.date("2024-04-10T12:00:00Z"))
        }
        let mislabeled = try FeedFixture.parse("rss-latin1-labeled-utf8.xml")
        #expect(mislabeled.title == "Mislabeled Édition")
        #expect(mislabeled.entries[0].text == "À bientôt – © 2024")
        #expect(mislabeled.warnings.count == 1)
    }

    @Test("invalid UTF-8 becomes U+FFFD with a warning")
    func invalidUTF8() throws {
        let feed = try FeedFixture.parse("invalid-utf8.xml")
        #expect(feed.title == "Broken \u{FFFD} Bytes")
        #expect(feed.entries[0].title == "Caf\u{FFFD} au lait")
        #expect(feed.entries[0].text == "Truncated \u{FFFD}\u{FFFD} sequence and a valid € sign.")
        #expect(feed.warnings == ["invalid UTF-8: 4 bytes replaced with U+FFFD, first at line 4"])
    }

    @Test("CDATA in titles, links, guids and descriptions")
    func cdata() throws {
        let feed = try FeedFixture.parse("rss-cdata.xml")
        #expect(feed.title == "Tools & Tinkering")
        #expect(feed.entries[0].title == "Soldering <irons> & you")
        #expect(feed.entries[0].link == "https://tinker.example.io/posts/solder?a=1&b=2")
        #expect(feed.entries[0].id == "tinker-0042")
        #expect(feed.entries[0].text == "Tip\n\nKeep the tip tinned.\n\nClean\nTin")
        #expect(feed.entries[1].title == "Mixed CDATA and text")
        #expect(feed.entries[1].text == "Plain part and emphasized part end.")
    }

    @Test("HTML named entities, numeric references and double-escaped HTML")
    func entities() throws {
        let feed = try FeedFixture.parse("rss-html-entities.xml")
        #expect(feed.title == "Café Society News")
        #expect(feed.warnings.isEmpty)
        #expect(feed.entries[0].title == "Señor Peña’s fiesta … tonight")
        #expect(feed.entries[0].text == "Tickets €5 — © the committee. Numeric: été and 😀 end.")
        #expect(feed.entries[1].text == "First paragraph with a link.\n\nSecond & last paragraph.")
        #expect(feed.entries[2].title == "Tom & Jerry <3")
        #expect(feed.entries[2].text == "A \"classic\" pairing.")
    }

    @Test("invalid character references become U+FFFD; C1 references read as windows-1252")
    func invalidCharacterReferences() throws {
        let feed = try FeedFixture.parse("rss-invalid-charref.xml")
        #expect(feed.entries[0].title == "Surrogate \u{FFFD} and NUL \u{FFFD} and huge \u{FFFD} and C1 – dash")
        #expect(feed.entries[0].text == "Too big \u{FFFD} end")
    }

    @Test("content:encoded wins over description; scripts and styles vanish; blocks become lines")
    func contentEncoded() throws {
        let feed = try FeedFixture.parse("rss-content-encoded.xml")
        #expect(feed.link == "https://longreads.example.com/")
        #expect(feed.entries[0].author == "Priya Natarajan")
        #expect(
            feed.entries[0].text
                == "On bridges\n\nBridges connect places and people.\n\nBuild bridges, not walls.\n\n"
                + "Line one\nLine two\nLine three\n\nSpan 1,200 m\nYear 1932"
        )
        #expect(feed.entries[1].text == "Only a description here.")
    }

    @Test("every odd RFC 822 form in the date zoo parses")
    func dateZoo() throws {
        let feed = try FeedFixture.parse("rss-rfc822-odd-zones.xml")
        let expected = [
            "2024-01-15T15:00:00Z", "2024-07-15T14:00:00Z", "2024-01-15T16:00:00Z", "2024-07-15T17:00:00Z",
            "2024-01-15T17:00:00Z", "2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z",
            "2024-01-15T09:00:00Z", "2024-01-15T15:30:00Z", "2024-01-15T10:00:00Z", "2024-01-15T09:00:00Z",
            "2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z",
            "2024-01-15T10:00:00Z", nil, "2024-02-04T21:34:05Z", "1999-12-31T23:59:59Z",
        ].map { $0.map(FeedFixture.date) }
        #expect(feed.entries.map(\.published) == expected)
    }

    @Test("namespaces are matched by URI, and undeclared well-known prefixes still work")
    func namespaces() throws {
        let feed = try FeedFixture.parse("rss-namespaces.xml")
        #expect(feed.link == "https://soup.example.com/home")
        #expect(
            feed.entries[0]
                == FeedEntry(
                    link: "https://soup.example.com/odd",
                    title: "Odd prefixes",
                    updated: FeedFixture.date("2024-04-20T10:00:00Z"),
                    author: "Bea Novak",
                    text: "Encoded with prefix c."
                )
        )
        #expect(feed.entries[1].text == "Undeclared prefix still works.")
        #expect(feed.warnings.count == 1)
    }

    @Test("xml:base resolves links and permalink guids; non-permalink guids stay as written")
    func xmlBase() throws {
        let feed = try FeedFixture.parse("rss-xml-base.xml")
        #expect(feed.link == "http://relative.example.com/news/index.html")
        #expect(
            feed.entries.map(\.link) == [
                "http://relative.example.com/news/2024/story.html", "http://other.example.com/posts/9",
                "http://relative.example.com/abs/10",
            ]
        )
        #expect(
            feed.entries.map(\.id) == [
                "http://relative.example.com/news/2024/story.html", "http://other.example.com/posts/9", "story-10",
            ]
        )
    }

    @Test("unclosed and mismatched tags are recovered with warnings, still yielding every entry")
    func illFormed() throws {
        let feed = try FeedFixture.parse("ill-formed-unclosed.xml")
        #expect(feed.title == "Broken Pipes Plumbing")
        #expect(feed.entries.map(\.title) == ["Leaky faucet fixes", "Frozen pipes", "Water heater flush"])
        #expect(feed.entries.map(\.text) == ["Replace the washer first.", "Keep the heat on.", "Once a year."])
        #expect(
            feed.warnings == [
                "<item> from line 7 was not closed before the next <item> at line 11",
                "unclosed <b> closed by </title> at line 17",
                "document ended with 1 unclosed element(s): <rss> at line 22",
            ]
        )
    }

    @Test("a 20 KB feed with 24 items reads completely")
    func large() throws {
        let feed = try FeedFixture.parse("rss-large.xml")
        #expect(feed.entries.count == 24)
        #expect(feed.entries[23].title == "Seed Library — week 24")
        #expect(feed.entries[23].published == FeedFixture.date("2024-02-24T23:30:00Z"))
        #expect(
            feed.entries[23].text.hasPrefix(
                "Join us for the seed library this week at the main branch.\n\nDoors open at 6 pm;"
            )
        )
    }

    @Test("podcast and Media RSS items: itunes:summary, media:group titles, Atom elements inside RSS, as feedparser")
    func podcastAndMedia() throws {
        let feed = try FeedFixture.parse("rss-podcast-media.xml")
        #expect(feed.title == "Kitchen Table Radio")
        #expect(feed.link == "https://radio.example.com/")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "krt-ep-12",
                    title: "Episode 12: Bread",
                    published: FeedFixture.date("2024-04-16T05:00:00Z"),
                    author: "Dana Whitfield",
                    text: "The long summary: flour, water, salt and patience."
                ),
                FeedEntry(
                    link: "https://radio.example.com/ep11",
                    title: "Episode 11: Soup (video)",
                    published: FeedFixture.date("2024-04-09T05:00:00Z"),
                    text: "Stock, then soup."
                ),
                FeedEntry(
                    id: "urn:uuid:0f5f8f1e-7d3a-4d2a-9a51-6e2f0c1d1a10",
                    link: "https://radio.example.com/ep10",
                    title: "Episode 10: Atom inside RSS",
                    updated: FeedFixture.date("2024-04-02T05:00:00Z"),
                    text: "Pickles & preserves."
                ),
                FeedEntry(
                    link: "https://radio.example.com/ep9",
                    title: "Episode 9: Two descriptions",
                    text: "Second description."
                ),
            ]
        )
    }
}
