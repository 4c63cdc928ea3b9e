import Foundation
import Synchronization
import Logging
import ParoleWatchCore
import TestSupport
import Testing

/// The whole path for one feed — libcurl fetch over loopback, parse, SQLite state — with real parts.
@Suite("FeedPoller")
struct FeedPollerTests {
    static let rss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Loopback</title>
        <item><title>One</title><guid>p-1</guid><description>first</description></item>
        <item><title>Two</title><guid>p-2</guid><description>second</description></item>
        </channel></rss>
        """

    struct Harness {
        let folder: TemporaryDirectory
        let worker: CurlWorker
        let store: FeedStore
        let poller: FeedPoller

        init() throws {
            folder = try TemporaryDirectory()
            worker = CurlWorker(maxConcurrentTransfers: 4, userAgent: Daemon.userAgent)
            store = FeedStore(database: try StateDatabase(directory: folder.url))
            poller = FeedPoller(
                worker: worker,
                timeout: .seconds(3),
                maxBodyBytes: 1 << 20,
                store: store,
                timing: PollTiming(defaultInterval: .seconds(600), jitter: 0.1),
                ruleSet: nil,
                logger: Logger(label: "test"))
        }

        func close() {
            worker.shutdown()
            folder.remove()
        }
    }

    @Test("conditional GET round trip: validators stored, sent back, 304 is 'nothing new'")
    func conditionalGet() async throws {
        let server = try LoopbackHTTPServer { request in
            if request.header("If-None-Match") == "\"v1\"" { return .status(304) }
            return .ok(Self.rss, contentType: "application/rss+xml", headers: [
                HTTPHeader(name: "ETag", value: "\"v1\""),
                HTTPHeader(name: "Last-Modified", value: "Tue, 01 Dec 2026 03:00:00 GMT"),
            ])
        }
        defer { server.stop() }
        let harness = try Harness()
        defer { harness.close() }
        let feed = FeedConfig(id: "loop", url: server.url("/feed.xml"))

        let (first, firstReport) = await harness.poller.poll(feed, previous: nil)
        #expect(firstReport.outcome == .fetched)
        #expect(firstReport.newEntries == 2)
        let saved = try #require(try await harness.store.feedStates()["loop"])
        #expect(saved.etag == "\"v1\"")
        #expect(saved.lastModified == "Tue, 01 Dec 2026 03:00:00 GMT")

        let (_, secondReport) = await harness.poller.poll(feed, previous: first)
        #expect(secondReport.outcome == .notModified)
        #expect(secondReport.newEntries == 0)
        let last = try #require(server.requests.last)
        #expect(last.header("If-None-Match") == "\"v1\"")
        #expect(last.header("If-Modified-Since") == "Tue, 01 Dec 2026 03:00:00 GMT")
    }

    @Test("a failure is stored as the feed's last error and backs off; success clears it")
    func failureThenRecovery() async throws {
        let calls = Counter()
        let server = try LoopbackHTTPServer { _ in calls.next() == 1 ? .status(500) : .ok(Self.rss) }
        defer { server.stop() }
        let harness = try Harness()
        defer { harness.close() }
        let feed = FeedConfig(id: "flaky", url: server.url("/feed.xml"))

        let (failed, report) = await harness.poller.poll(feed, previous: nil)
        #expect(report.outcome == .failed)
        #expect(failed.consecutiveFailures == 1)
        #expect(failed.lastError?.contains("500") == true)
        #expect((failed.nextDueAt?.timeIntervalSinceNow ?? 0) > 500)

        let (recovered, again) = await harness.poller.poll(feed, previous: failed)
        #expect(again.outcome == .fetched)
        #expect(recovered.consecutiveFailures == 0)
        #expect(recovered.lastError == nil)
        #expect(try await harness.store.feedStates()["flaky"]?.lastError == nil)
    }

    @Test("429 with Retry-After defers the feed until then")
    func retryAfterDefers() async throws {
        let server = try LoopbackHTTPServer { _ in .status(429, headers: [HTTPHeader(name: "Retry-After", value: "7200")]) }
        defer { server.stop() }
        let harness = try Harness()
        defer { harness.close() }
        let (state, report) = await harness.poller.poll(FeedConfig(id: "busy", url: server.url("/f")), previous: nil)
        #expect(report.outcome == .deferred)
        #expect(state.lastOutcome == .deferred)
        #expect((state.nextDueAt?.timeIntervalSinceNow ?? 0) > 7100)
    }

    @Test("an edited entry is reported as edited, not new")
    func editedEntry() async throws {
        let version = Counter()
        let server = try LoopbackHTTPServer { _ in
            .ok(version.next() == 1 ? Self.rss : Self.rss.replacingOccurrences(of: "second", with: "second, edited"))
        }
        defer { server.stop() }
        let harness = try Harness()
        defer { harness.close() }
        let feed = FeedConfig(id: "edits", url: server.url("/feed.xml"))
        let (state, _) = await harness.poller.poll(feed, previous: nil)
        let (_, report) = await harness.poller.poll(feed, previous: state)
        #expect(report.newEntries == 0)
        #expect(report.editedEntries == 1)
    }

    @Test("a feed that moved to a new URL does not send the old URL's validators")
    func validatorsFollowTheURL() async throws {
        let server = try LoopbackHTTPServer { _ in .ok(Self.rss, headers: [HTTPHeader(name: "ETag", value: "\"old\"")]) }
        defer { server.stop() }
        let harness = try Harness()
        defer { harness.close() }
        let (state, _) = await harness.poller.poll(FeedConfig(id: "moved", url: server.url("/a.xml")), previous: nil)
        _ = await harness.poller.poll(FeedConfig(id: "moved", url: server.url("/b.xml")), previous: state)
        #expect(server.requests.last?.header("If-None-Match") == nil)
    }
}

@Suite("PollService")
struct PollServiceTests {
    @Test("one slow feed does not hold up the others in the same cycle")
    func slowFeedDoesNotBlock() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/silent" ? .silent : .ok(FeedPollerTests.rss)
        }
        defer { server.stop() }
        let harness = try FeedPollerTests.Harness()
        defer { harness.close() }
        var feeds = [FeedConfig(id: "silent", url: server.url("/silent"))]
        for index in 0..<10 { feeds.append(FeedConfig(id: "ok-\(index)", url: server.url("/ok-\(index).xml"))) }
        let service = PollService(feeds: feeds, states: [:], poller: harness.poller, logger: Logger(label: "test"))

        let report = await service.pollAllOnce()
        #expect(report.count(.fetched) == 10)
        #expect(report.count(.failed) == 1)
        #expect(report.feeds.map(\.feedID) == feeds.map(\.id))
        let okDurations = report.feeds.filter { $0.feedID != "silent" }.map(\.duration)
        #expect(okDurations.allSatisfy { $0 < .seconds(2) })
    }
}

/// Counts calls across the server's connection threads.
final class Counter: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
