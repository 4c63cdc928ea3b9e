import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("Command-line contract: exit codes and outputs")
struct CommandLineContractTests {
    @Test("check-config on a broken file exits 78 and prints FILE:LINE:COLUMN: key.path: message")
    func checkConfigReportsProblems() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write(
            """
            state_dir: var
            feeds:
              - id: one
                url: ftp://x.example/feed
            poll:
              intervall: 10m
              timeout: fast
            """, to: "broken.yaml")
        let result = try ParoleWatchBinary.run(["check-config", "--config", "broken.yaml"], in: folder.url)
        #expect(result.status == 78)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3, "\(result.standardOutput)")
        #expect(lines.contains { $0.hasPrefix("broken.yaml:4:") && $0.contains("feeds[0].url") })
        #expect(lines.contains { $0.hasPrefix("broken.yaml:6:") && $0.contains("poll.intervall") && $0.contains("interval") })
        #expect(lines.contains { $0.hasPrefix("broken.yaml:7:") && $0.contains("poll.timeout") })
    }

    @Test("run refuses to start on a bad configuration with exit 78")
    func runRefusesBadConfig() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("state_dir: var\nfeeds: []\npoll: { concurrency: zero }\n", to: "bad.yaml")
        let result = try ParoleWatchBinary.run(["run", "--once", "--config", "bad.yaml"], in: folder.url)
        #expect(result.status == 78)
        #expect(result.standardError.contains("bad.yaml:3:"))
    }

    @Test("an unknown option is a usage error: exit 64")
    func usageError() throws {
        let result = try ParoleWatchBinary.run(["run", "--no-such-flag"])
        #expect(result.status == 64)
    }

    @Test("a missing config file is a configuration error naming the file")
    func missingConfig() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let result = try ParoleWatchBinary.run(["check-config", "--config", "nowhere.yaml"], in: folder.url)
        #expect(result.status == 78)
        #expect(result.standardOutput.contains("nowhere.yaml"))
    }

    @Test("feed inspect --json prints the contract's shape for a local file")
    func feedInspectJSON() throws {
        let sample = Repository.root.appendingPathComponent("feeds/samples/factcheck-en.atom")
        let result = try ParoleWatchBinary.run(["feed", "inspect", sample.path, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let feed = try #require(document["feed"] as? [String: Any])
        #expect(feed["title"] as? String == "Community Fact Desk (sample)")
        #expect(feed["format"] as? String == "atom1.0")
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.count == 3)
        let first = try #require(entries.first)
        #expect(Set(first.keys) == ["id", "link", "title", "published", "updated", "author", "text"])
        #expect(first["published"] as? String == "2026-11-26T15:00:00Z")
        #expect(first["link"] as? String == "https://factdesk.example/checks/chnv-not-reopened")
        #expect((first["text"] as? String)?.contains("<p>") == false)
        #expect(entries[2]["published"] is NSNull)
    }

    @Test("feed inspect of something that is not a feed fails with exit 1 and says why")
    func feedInspectNotAFeed() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let page = try folder.write("<html><body>hello</body></html>", to: "page.html")
        let result = try ParoleWatchBinary.run(["feed", "inspect", page.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("page.html"))
    }
}
