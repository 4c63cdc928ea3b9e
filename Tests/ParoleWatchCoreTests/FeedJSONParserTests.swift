import Foundation
import ParoleWatchCore
import Testing

@Suite("FeedJSONParser")
struct FeedJSONParserTests {
    @Test("JSON Feed 1.0: author, url and external_url, content_html and content_text, numeric ids")
    func version10() throws {
        let feed = try FeedFixture.parse("jsonfeed-1.0.json")
        #expect(feed.format == .jsonFeed10)
        #expect(feed.title == "Tidepool Journal")
        #expect(feed.link == "https://tidepool.example.org/")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "2",
                    link: "https://tidepool.example.org/anemones",
                    title: "Anemones at low tide",
                    published: FeedFixture.date("2024-04-01T13:12:00Z"),
                    updated: FeedFixture.date("2024-04-02T08:00:00Z"),
                    author: "Ana Sousa",
                    text: "Green anemones, dozens of them.\n\nAlso a crab & a sea star."
                ),
                FeedEntry(
                    id: "1",
                    link: "https://news.example.com/story",
                    title: "Linked story",
                    published: FeedFixture.date("2024-03-28T10:00:00Z"),
                    author: "Guest Writer",
                    text: "A plain text body.\n\nSecond paragraph."
                ),
            ]
        )
    }

    @Test("JSON Feed 1.1: authors arrays, feed-level author fallback, summary, bad dates warn")
    func version11() throws {
        let feed = try FeedFixture.parse("jsonfeed-1.1.json")
        #expect(feed.format == .jsonFeed11)
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "https://cycling.example.net/rides/42",
                    link: "https://cycling.example.net/rides/42",
                    title: "Sunday ride: coast road",
                    published: FeedFixture.date("2024-04-05T06:00:00Z"),
                    author: "Ravi Kumar, Jo Park",
                    text: "Route\n\nHarbor\nLighthouse"
                ),
                FeedEntry(
                    id: "https://cycling.example.net/notes/7",
                    link: "https://cycling.example.net/notes/7",
                    author: "Club Secretary",
                    text: "Summary only item"
                ),
            ]
        )
        #expect(feed.warnings == ["unparseable date \"not a date\" in \"date_published\""])
    }

    @Test(
        "rejects JSON that is not a JSON Feed",
        arguments: [
            ("{\"title\": \"x\"}", "JSON object has no \"version\", so not a JSON Feed"),
            ("[1, 2]", "JSON document is not an object, so not a JSON Feed"),
            ("{\"version\": \"1.0\"}", "JSON \"version\" \"1.0\" is not a JSON Feed version"),
        ]
    )
    func rejects(_ json: String, _ reason: String) throws {
        let error = try #require(throws: FeedParseError.self) { try FeedDocumentParser.parse(Array(json.utf8)) }
        #expect(error.reason == reason)
    }

    @Test("invalid JSON is a FeedParseError")
    func invalidJSON() throws {
        let error = try #require(throws: FeedParseError.self) {
            try FeedDocumentParser.parse(Array("{\"version\": ".utf8))
        }
        #expect(error.reason.hasPrefix("invalid JSON"))
    }

    @Test("brackets inside strings do not count toward the depth limit")
    func depthIgnoresStrings() throws {
        let json =
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"" + String(repeating: "[{", count: 500)
            + "\\\"\",\"items\":[]}"
        let feed = try FeedDocumentParser.parse(Array(json.utf8))
        #expect(feed.entries.isEmpty)
        #expect(feed.title?.hasPrefix("[{[{") == true)
    }

    @Test("65 levels are refused, 64 accepted")
    func depthLimit() throws {
        func document(depth: Int) -> [UInt8] {
            let inner = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
            return Array("{\"version\":\"https://jsonfeed.org/version/1.1\",\"x\":\(inner),\"items\":[]}".utf8)
        }
        #expect(throws: Never.self) { try FeedDocumentParser.parse(document(depth: 64)) }
        #expect(throws: FeedParseError.self) { try FeedDocumentParser.parse(document(depth: 65)) }
    }
}
