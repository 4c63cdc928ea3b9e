import Foundation
import ParoleWatchCore
import Testing

/// Dumps what the parser makes of every feed in a folder as one JSON document, for
/// `scripts/compare_feedparser.py` to compare with Python feedparser. Runs only when
/// `PAROLEWATCH_FEED_DUMP` names the output file; `PAROLEWATCH_FEED_INPUT` may name another input folder.
@Suite("FeedFixtureDump")
struct FeedFixtureDumpTests {
    static let outputPath = ProcessInfo.processInfo.environment["PAROLEWATCH_FEED_DUMP"]

    @Test("dumps parsed fixtures as JSON for the feedparser comparison", .enabled(if: outputPath != nil))
    func dump() throws {
        let environment = ProcessInfo.processInfo.environment
        let input =
            environment["PAROLEWATCH_FEED_INPUT"].map { URL(fileURLWithPath: $0) }
            ?? Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("feeds")
        let files = try FileManager.default.contentsOfDirectory(atPath: input.path).sorted()
        var results: [[String: Any]] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: input.appendingPathComponent(file)))
            var result: [String: Any] = ["file": file]
            do {
                let feed = try FeedDocumentParser.parse(bytes)
                result["format"] = feed.format.rawValue
                result["title"] = feed.title ?? NSNull()
                result["link"] = feed.link ?? NSNull()
                result["warnings"] = feed.warnings
                result["entries"] = feed.entries.map { entry -> [String: Any] in
                    [
                        "id": entry.id ?? NSNull(),
                        "link": entry.link ?? NSNull(),
                        "title": entry.title ?? NSNull(),
                        "published": entry.published.map { Int($0.timeIntervalSince1970) } ?? NSNull(),
                        "updated": entry.updated.map { Int($0.timeIntervalSince1970) } ?? NSNull(),
                        "author": entry.author ?? NSNull(),
                        "text": entry.text,
                    ]
                }
            } catch {
                result["error"] = error.description
            }
            results.append(result)
        }
        let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: try #require(Self.outputPath)))
    }
}
