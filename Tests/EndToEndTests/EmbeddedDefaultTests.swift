import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("The embedded default, through the real binary")
struct EmbeddedDefaultTests {
    @Test("run --once polls the shipped sample feeds and stores their entries")
    func runOncePollsSamples() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Repository.copyEmbeddedDefault(into: folder.url)

        let result = try ParoleWatchBinary.run(["run", "--once", "--config", "config/parolewatch.yaml"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("3 feeds"))
        #expect(result.standardOutput.contains("3 fetched"))
        #expect(result.standardOutput.contains("0 failed"))
        // The samples hold three claims (a reopening rumor, a paid sponsor, a Creole rumor with a fee); the
        // fact-check, the news and the unrelated posts stay silent.
        #expect(result.standardOutput.contains("3 new alerts"), "\(result.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: folder.path("var/parolewatch.sqlite").path))
    }

    @Test("a second run finds nothing new: restarting never re-processes a seen entry")
    func secondRunFindsNothingNew() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Repository.copyEmbeddedDefault(into: folder.url)
        let arguments = ["run", "--once", "--config", "config/parolewatch.yaml"]

        let first = try ParoleWatchBinary.run(arguments, in: folder.url)
        let second = try ParoleWatchBinary.run(arguments, in: folder.url)
        #expect(first.status == 0 && second.status == 0)
        #expect(!first.standardOutput.contains(" 0 new"))
        #expect(second.standardOutput.contains(" 0 new, 0 edited"), "\(second.standardOutput)")
    }

    @Test("status --json shows each feed's last fetch and next due time")
    func statusAfterRun() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Repository.copyEmbeddedDefault(into: folder.url)
        _ = try ParoleWatchBinary.run(["run", "--once", "--config", "config/parolewatch.yaml"], in: folder.url)

        let result = try ParoleWatchBinary.run(["status", "--json", "--config", "config/parolewatch.yaml"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let feeds = try #require(document["feeds"] as? [[String: Any]])
        #expect(feeds.map { $0["id"] as? String } == ["rumores-es", "factdesk-en", "kominote-ht"])
        for feed in feeds {
            #expect(feed["last_fetch_at"] is String)
            #expect(feed["next_due_at"] is String)
            #expect(feed["last_error"] is NSNull)
            #expect((feed["entries_known"] as? Int ?? 0) > 0)
        }
    }

    @Test("without --config, ./config/parolewatch.yaml is used")
    func defaultConfigPath() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Repository.copyEmbeddedDefault(into: folder.url)
        let result = try ParoleWatchBinary.run(["check-config"], in: folder.url)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }
}
