import Foundation
import Synchronization
import ParoleWatchCore
import TestSupport
import Testing

/// `run --once` against loopback servers where most feeds are hostile (over HTTP and over TLS):
/// every bad feed is named in the log with its error, the good feeds are processed, the run ends
/// on time, nothing leaks.
@Suite("Hostile feeds, through the real binary")
struct HostileFeedsTests {
    static let goodRSS = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Good</title><link>http://good.example/</link>
        <item><title>Fine post</title><guid>good-1</guid><description>ordinary text</description></item>
        <item><title>Another</title><guid>good-2</guid><description>more text</description></item>
        </channel></rss>
        """
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
        <rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title><guid>l1</guid></item></channel></rss>
        """
    static let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <rss version="2.0"><channel><title>XXE</title><item><title>steal &xxe;</title><guid>x1</guid>
        <description>&xxe;</description></item></channel></rss>
        """

    @Test(
        "20 hostile feeds (4 breaking the TLS handshake) and 2 good ones: good ones stored, each bad one named and dropped within its timeout, under 200 MiB, done within 60 s"
    )
    func hostileCycle() async throws {
        let bomb = try Array(
            Data(contentsOf: Repository.root.appendingPathComponent("Tests/ParoleWatchCoreTests/Fixtures/fetch/bomb-64MiB-zeros.gz")))
        let flaky = FlakyCounter()
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/good-1.xml", "/good-2.xml": .ok(Self.goodRSS, contentType: "application/rss+xml")
            case "/slowloris": .trickle(body: Array(Self.goodRSS.utf8), interval: .seconds(1))
            case "/endless": .endless()
            case "/huge": .endless(headers: [HTTPHeader(name: "Content-Length", value: "\(200 * 1024 * 1024)")], framing: .closeDelimited)
            case "/bomb":
                .respond(
                    status: 200,
                    headers: [HTTPHeader(name: "Content-Encoding", value: "gzip"), HTTPHeader(name: "Content-Type", value: "application/rss+xml")],
                    body: bomb)
            case "/loop": .redirect(to: "/loop")
            case "/to-file": .redirect(to: "file:///etc/passwd")
            case "/to-gopher": .redirect(to: "gopher://127.0.0.1:1/x")
            case "/flaky": flaky.next() == 1 ? .status(500) : .ok(Self.goodRSS)
            case "/limited": .status(429, headers: [HTTPHeader(name: "Retry-After", value: "86400")])
            case "/laughs": .ok(Self.billionLaughs, contentType: "application/xml")
            case "/xxe": .ok(Self.xxe, contentType: "application/xml")
            case "/bad-utf8":
                .respond(
                    status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/rss+xml; charset=utf-8")],
                    body: Array("<rss version=\"2.0\"><channel><title>Bad ".utf8) + [0xFF, 0xFE, 0xC3]
                        + Array("</title><item><title>x</title><guid>u1</guid></item></channel></rss>".utf8))
            case "/html": .ok("<!doctype html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>", contentType: "text/html")
            case "/empty": .respond(status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/rss+xml")])
            case "/silent": .silent
            case "/deep.json":
                .ok(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), contentType: "application/feed+json")
            default: .status(404)
            }
        }
        // TLS clients get no handshake from these: none at all, junk, or half a ServerHello.
        let stall = try LoopbackHTTPServer(script: .mute)
        let junk = try LoopbackHTTPServer(script: .junkServerHello)
        let cut = try LoopbackHTTPServer(script: .truncatedServerHello)
        defer { for each in [server, stall, junk, cut] { each.stop() } }
        let hostile = [
            "slowloris", "endless", "huge", "bomb", "loop", "to-file", "to-gopher", "flaky", "limited", "laughs",
            "xxe", "bad-utf8", "html", "empty", "silent", "deep.json",
        ]
        // Each is named in the log with words saying what went wrong in the handshake.
        let handshakeBreakers = [
            // A plain-HTTP server (this one answers `400 Bad Request` to a ClientHello) on an https URL.
            (
                id: "tls-plain-http", url: server.url("/good-1.xml", scheme: "https"),
                reason: "TLS handshake failed: the server did not answer with TLS"
            ),
            (id: "tls-stall", url: stall.url("/feed.xml", scheme: "https"), reason: "s during the TLS handshake ("),
            (id: "tls-junk", url: junk.url("/feed.xml", scheme: "https"), reason: "TLS handshake failed ("),
            (
                id: "tls-cut", url: cut.url("/feed.xml", scheme: "https"),
                reason: "TLS handshake failed: the server closed the connection mid-handshake"
            ),
        ]
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let served = (["good-1.xml", "good-2.xml"] + hostile).map { (id: Self.feedID($0), url: server.url("/\($0)")) }
        let feeds = served + handshakeBreakers.map { (id: $0.id, url: $0.url) }
        try folder.write(Self.config(feeds: feeds), to: "hostile.yaml")

        let run = try await WatchedRun(config: "hostile.yaml", in: folder.url)
        Self.expectContained(run, hostile: hostile.map(Self.feedID) + handshakeBreakers.map(\.id))
        // Every feed that cannot yield entries is named, with its error, in the log.
        let failing = hostile.filter { !["laughs", "bad-utf8", "xxe"].contains($0) }.map(Self.feedID)
        for id in failing {
            #expect(run.errorLine(id) != nil, "no error logged for \(id)")
        }
        for breaker in handshakeBreakers {
            let line = run.errorLine(breaker.id) ?? "no error logged"
            #expect(line.contains(breaker.reason), "\(breaker.id): \(line)")
        }
        // Recoverable hostile XML yields its entries with a warning, and never what /etc/passwd holds.
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? "root:x:0:0"
        let database = try Data(contentsOf: folder.path("state/parolewatch.sqlite"))
        let output = run.result
        for haystack in [output.standardOutput, output.standardError, String(decoding: database, as: UTF8.self)] {
            #expect(!haystack.contains(passwd))
            #expect(!haystack.contains("root:x:0:0"))
        }

        // The next run: the flaky feed recovers; the rate-limited one is not asked again before its Retry-After.
        let rerun = try await WatchedRun(config: "hostile.yaml", in: folder.url)
        #expect(rerun.result.status == 0)
        #expect(rerun.row("flaky").contains("fetched"), "\(rerun.result.standardOutput)")
        #expect(server.requests.filter { $0.path == "/limited" }.count == 1)

        let statusRun = try ParoleWatchBinary.run(["status", "--json", "--config", "hostile.yaml"], in: folder.url)
        let status = try #require(try JSONSerialization.jsonObject(with: Data(statusRun.standardOutput.utf8)) as? [String: Any])
        let statuses = try #require(status["feeds"] as? [[String: Any]])
        let limited = try #require(statuses.first { $0["id"] as? String == "limited" })
        let nextDue = try #require((limited["next_due_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        #expect(nextDue.timeIntervalSinceNow > 86_000)
        #expect(limited["last_outcome"] as? String == "deferred")
        let slow = try #require(statuses.first { $0["id"] as? String == "slowloris" })
        #expect((slow["last_error"] as? String)?.isEmpty == false)
    }

    static func feedID(_ name: String) -> String {
        String(name.prefix { $0 != "." })
    }

    /// A config polling `feeds` with a 4 s timeout, 1 MiB bodies and 8 at a time.
    static func config(feeds: [(id: String, url: String)]) -> String {
        let model = Repository.root.appendingPathComponent("config/model.yaml").path
        var yaml = "state_dir: state\nmodel: \(model)\npoll: { timeout: 4s, max_body: 1MiB, concurrency: 8 }\nfeeds:\n"
        for feed in feeds {
            yaml += "  - { id: \(feed.id), url: \"\(feed.url)\" }\n"
        }
        return yaml
    }

    /// What every hostile run must show: exit 0 within 60 s and under 200 MiB, `good-1` and
    /// `good-2` fetched with both their entries, and each of `hostile` given up within its 4 s
    /// timeout (plus scheduling slack), whatever it does.
    static func expectContained(
        _ run: WatchedRun,
        hostile: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let result = run.result
        #expect(result.status == 0, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(run.elapsed < .seconds(60), sourceLocation: sourceLocation)
        let peak = run.peakBytes
        #expect(peak > 0 && peak < 200 * 1_048_576, "peak RSS \(peak / 1_048_576) MiB", sourceLocation: sourceLocation)
        for id in hostile {
            let row = run.row(id).joined(separator: " ")
            #expect(run.milliseconds(id) < 6_000, "\(id): \(row)", sourceLocation: sourceLocation)
        }
        for good in ["good-1", "good-2"] {
            let row = run.row(good).joined(separator: " ")
            #expect(row.contains("fetched") && row.contains(" 2 "), "\(good): \(row)", sourceLocation: sourceLocation)
        }
    }
}

/// Counts calls across the server's connection threads.
final class FlakyCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
