import Foundation
import ParoleWatchCore
import Testing

/// Loads feed fixtures from `Fixtures/feeds`.
enum FeedFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("feeds/\(name)")
        return try [UInt8](Data(contentsOf: url))
    }

    static func parse(_ name: String, contentType: String? = nil, documentURL: URL? = nil) throws -> ParsedFeed {
        try FeedDocumentParser.parse(bytes(name), contentType: contentType, documentURL: documentURL)
    }

    /// The instant named by an RFC 3339 string such as `2024-01-15T10:00:00Z`, for expectations.
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { preconditionFailure("bad test date \(text)") }
        return date
    }

    static func names() throws -> [String] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("feeds")
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

@Suite("FeedDocumentParser")
struct FeedDocumentParserTests {
    @Test(
        "detects the format from content",
        arguments: [
            ("rss090.xml", FeedFormat.rss090), ("rss091.xml", .rss091), ("rss092.xml", .rss092),
            ("rss20-basic.xml", .rss20), ("rdf-dc-date.xml", .rss10), ("atom03.xml", .atom03),
            ("atom10.xml", .atom10), ("atom-no-namespace-prefix.xml", .atom10),
            ("jsonfeed-1.0.json", .jsonFeed10), ("jsonfeed-1.1.json", .jsonFeed11),
        ]
    )
    func detectsFormat(_ name: String, _ format: FeedFormat) throws {
        #expect(try FeedFixture.parse(name, contentType: "text/html").format == format)
    }

    @Test("every fixture parses or fails with a FeedParseError, never a crash")
    func noFixtureCrashes() throws {
        for name in try FeedFixture.names() {
            let bytes = try FeedFixture.bytes(name)
            do {
                _ = try FeedDocumentParser.parse(bytes)
            } catch {
                #expect(!error.reason.isEmpty, "\(name)")
            }
        }
    }

    @Test(
        "odd roots are read with a warning",
        arguments: [
            (
                "<rss><channel><item><title>t</title></item></channel></rss>", FeedFormat.rss20,
                "<rss> at line 1 has no version; read as RSS 2.0"
            ),
            (
                "<rss version=\"3.1\"><channel><item><title>t</title></item></channel></rss>", .rss20,
                "<rss> at line 1 has version \"3.1\"; read as RSS 2.0"
            ),
            (
                "<feed><entry><title>t</title></entry></feed>", .atom10,
                "<feed> at line 1 is not in the Atom namespace; read as Atom 1.0"
            ),
            (
                "<feed version=\"0.3\"><entry><title>t</title></entry></feed>", .atom03,
                "<feed> at line 1 is not in the Atom namespace; read as Atom 0.3"
            ),
        ]
    )
    func oddRoots(_ xml: String, _ format: FeedFormat, _ warning: String) throws {
        let feed = try FeedDocumentParser.parse(Array(xml.utf8))
        #expect(feed.format == format)
        #expect(feed.entries.map(\.title) == ["t"])
        #expect(feed.warnings == [warning])
    }

    @Test("an HTML page is refused with the element and line it found")
    func refusesHTML() throws {
        let error = try #require(throws: FeedParseError.self) { try FeedFixture.parse("html-page.html") }
        #expect(error.line == 2)
        #expect(error.description == "not a feed at line 2: found <html>, expected <rss>, <feed> or <rdf:RDF>")
    }

    @Test("an empty body is refused")
    func refusesEmpty() throws {
        let error = try #require(throws: FeedParseError.self) { try FeedFixture.parse("empty.xml") }
        #expect(error.description == "not a feed: the document is empty")
        #expect(throws: FeedParseError.self) { try FeedDocumentParser.parse(Array(" \n\t ".utf8)) }
    }

    @Test("garbage is refused with what it starts with")
    func refusesGarbage() throws {
        let error = try #require(throws: FeedParseError.self) { try FeedFixture.parse("garbage.txt") }
        #expect(error.reason.contains("neither XML nor JSON"))
        #expect(error.reason.contains("HTTP/1.1 500"))
    }

    @Test("an unknown XML root is refused")
    func refusesUnknownRoot() throws {
        let error = try #require(throws: FeedParseError.self) {
            try FeedDocumentParser.parse(Array("<?xml version=\"1.0\"?>\n<opml><body/></opml>".utf8))
        }
        #expect(error.reason == "found <opml>, expected <rss>, <feed> or <rdf:RDF>")
        #expect(error.line == 2)
    }

    @Test("text without any element is refused")
    func refusesTextOnlyMarkup() throws {
        #expect(throws: FeedParseError.self) { try FeedDocumentParser.parse(Array("<!-- only a comment -->".utf8)) }
    }

    @Test("documents above the size limit are refused")
    func refusesHugeDocuments() throws {
        let huge = [UInt8](repeating: 0x20, count: FeedDocumentParser.maximumInputBytes + 1)
        let error = try #require(throws: FeedParseError.self) { try FeedDocumentParser.parse(huge) }
        #expect(error.reason.contains("limit"))
    }

    @Test("entries are capped at 10,000 with a warning")
    func capsEntries() throws {
        var xml = "<rss version=\"2.0\"><channel><title>Many</title>"
        for i in 0..<10_005 { xml += "<item><title>\(i)</title></item>" }
        xml += "</channel></rss>"
        let feed = try FeedDocumentParser.parse(Array(xml.utf8))
        #expect(feed.entries.count == FeedDocumentParser.maximumEntries)
        #expect(feed.entries.last?.title == "9999")
        #expect(feed.warnings.contains { $0.contains("10005 items; only the first 10000") })
    }

    @Test("the document URL resolves relative links")
    func resolvesAgainstDocumentURL() throws {
        let xml = "<rss version=\"2.0\"><channel><link>/</link><item><link>posts/1</link></item></channel></rss>"
        let feed = try FeedDocumentParser.parse(
            Array(xml.utf8),
            documentURL: URL(string: "https://example.com/blog/feed.xml")
        )
        #expect(feed.link == "https://example.com/")
        #expect(feed.entries.first?.link == "https://example.com/blog/posts/1")
    }

    @Test("the HTTP charset hint is used when there is no BOM")
    func usesCharsetHint() throws {
        var bytes = Array("<rss version=\"2.0\"><channel><title>Caf".utf8)
        bytes.append(0xE9)
        bytes += Array("</title></channel></rss>".utf8)
        let feed = try FeedDocumentParser.parse(bytes, contentType: "application/rss+xml; charset=ISO-8859-1")
        #expect(feed.title == "Café")
        #expect(feed.warnings.isEmpty)
    }

    @Test("a 20 KB feed parses quickly even in a debug build", .timeLimit(.minutes(1)))
    func parsesQuickly() throws {
        let bytes = try FeedFixture.bytes("rss-large.xml")
        let start = ContinuousClock.now
        for _ in 0..<50 { _ = try FeedDocumentParser.parse(bytes) }
        let perFeed = (ContinuousClock.now - start) / 50
        #expect(perFeed < .milliseconds(100), "debug build: \(perFeed) per feed")
    }
}
