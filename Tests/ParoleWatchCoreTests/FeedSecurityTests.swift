import Foundation
import ParoleWatchCore
import Testing

@Suite("FeedSecurity")
struct FeedSecurityTests {
    @Test("billion laughs parses quickly and nothing is expanded")
    func billionLaughs() throws {
        let start = ContinuousClock.now
        let feed = try FeedFixture.parse("billion-laughs.xml")
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(feed.entries.count == 1)
        #expect(feed.entries[0].text == "&lol9;")
        #expect(feed.warnings.contains { $0.contains("&lol9;") && $0.contains("never expanded") })
        #expect(feed.entries.allSatisfy { $0.text.utf8.count < 100 })
    }

    @Test("an external entity never reads /etc/passwd")
    func externalEntity() throws {
        let feed = try FeedFixture.parse("xxe.xml")
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "Secrets: &xxe;")
        #expect(entry.text == "Body &xxe; end")
        for field in [entry.title ?? "", entry.text, feed.title ?? ""] + feed.warnings {
            #expect(!field.contains("root:"))
            #expect(!field.contains("/bin/"))
        }
    }

    @Test("100,000-deep JSON fails fast with a FeedParseError")
    func deepJSON() throws {
        let start = ContinuousClock.now
        let error = try #require(throws: FeedParseError.self) { try FeedFixture.parse("deep.json") }
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(error.reason == "JSON nests deeper than 64 levels; refusing to read it")
    }

    @Test("100,000-deep XML is flattened with a warning, not a stack overflow")
    func deepXML() throws {
        let depth = 100_000
        let xml =
            "<rss version=\"2.0\"><channel><item><title>deep</title><description>"
            + String(repeating: "<b>", count: depth) + "x" + String(repeating: "</b>", count: depth)
            + "</description></item></channel></rss>"
        let start = ContinuousClock.now
        let feed = try FeedDocumentParser.parse(Array(xml.utf8))
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(feed.entries.first?.title == "deep")
        #expect(feed.entries.first?.text == "x")
        #expect(feed.warnings.contains { $0.contains("nested deeper than 512") })
    }

    @Test("random bytes never crash the parser")
    func randomBytes() throws {
        var generator = FeedTestRandom(seed: 0x5EED)  // seeded, so a failure reproduces
        let seeds = [
            "<rss version=\"2.0\"><channel><item><title>", "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{",
        ]
        for round in 0..<3_000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<Int.random(in: 0..<400, using: &generator) {
                let pool: [UInt8] = Array("<>/&;#x![]-\"'=: abcCDATA\n".utf8) + [0xC3, 0xA9, 0xFF, 0x80, 0x00]
                bytes.append(pool.randomElement(using: &generator) ?? 0x20)
            }
            do { _ = try FeedDocumentParser.parse(bytes) } catch { #expect(!error.description.isEmpty) }
        }
    }

    @Test("mutated fixtures never crash the parser")
    func mutatedFixtures() throws {
        var generator = FeedTestRandom(seed: 42)
        let insertions: [[UInt8]] =
            ["<", "</item>", "<item>", "&", "&#x", "]]>", "<![CDATA[", "\u{0}", "<!--", "\""]
            .map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82]]
        for name in try FeedFixture.names() where name != "deep.json" {
            let original = try FeedFixture.bytes(name)
            guard !original.isEmpty else { continue }
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.insert(contentsOf: insertions.randomElement(using: &generator) ?? [], at: position)
                    default: bytes.removeSubrange(position..<min(bytes.count, position + 16))
                    }
                    if bytes.isEmpty { bytes = [0x3C] }
                }
                do { _ = try FeedDocumentParser.parse(bytes) } catch { #expect(!error.reason.isEmpty) }
            }
        }
    }

    @Test("truncating a valid feed anywhere never crashes")
    func truncations() throws {
        let bytes = try FeedFixture.bytes("atom10.xml")
        for length in stride(from: 0, through: bytes.count, by: 7) {
            do { _ = try FeedDocumentParser.parse(Array(bytes[0..<length])) } catch { #expect(error.line != 0) }
        }
    }

    @Test("hostile shapes stay linear: stray end tags under deep nesting, endless prefixes and declarations")
    func linearTime() throws {
        let deepOpen = String(repeating: "<d>", count: 500)
        let documents = [
            "<rss version=\"2.0\"><channel>" + deepOpen + String(repeating: "</x>", count: 100_000)
                + "</channel></rss>",
            "<rss version=\"2.0\"><channel>" + (0..<20_000).map { "<p\($0):x/>" }.joined() + "</channel></rss>",
            "<rss version=\"2.0\" " + (0..<20_000).map { "xmlns:p\($0)=\"urn:\($0)\"" }.joined(separator: " ")
                + "><channel>" + String(repeating: "<p1:x/>", count: 20_000) + "</channel></rss>",
            "<rss version=\"2.0\"><channel>" + String(repeating: "<item>", count: 20_000) + "</channel></rss>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>" + deepOpen
                + String(repeating: "<item/>", count: 100_000)
                + "</entry></feed>",
        ]
        for document in documents {
            let start = ContinuousClock.now
            _ = try FeedDocumentParser.parse(Array(document.utf8))
            #expect(ContinuousClock.now - start < .seconds(10))  // quadratic would take minutes
        }
    }

    @Test("huge names are shortened in warnings")
    func longNamesInWarnings() throws {
        let name = String(repeating: "n", count: 10_000)
        let feed = try FeedDocumentParser.parse(Array("<rss version=\"2.0\"><channel></\(name)></channel></rss>".utf8))
        #expect(feed.warnings.allSatisfy { $0.utf8.count < 200 })
    }
}

/// A small seeded generator (FeedTestRandom), so randomized tests are reproducible.
struct FeedTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
