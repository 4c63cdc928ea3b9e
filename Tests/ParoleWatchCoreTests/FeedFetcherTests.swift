import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("FeedFetcher conditional GET and status mapping")
struct FeedFetcherTests {
    let worker = CurlWorker(maxConcurrentTransfers: 4, userAgent: "parolewatch/test")

    var fetcher: FeedFetcher { FeedFetcher(worker: worker, timeout: .seconds(3), maxBodyBytes: 1 << 20) }

    func expectFeedError(
        _ url: String,
        validators: FeedValidators = .none,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> FeedFetchError? {
        do {
            _ = try await fetcher.fetch(url: url, validators: validators)
            Issue.record("expected a FeedFetchError", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test("ETag and Last-Modified are stored, sent back, and a 304 gives notModified")
    func conditionalGetRoundTrip() async throws {
        let etag = "\"v1-abc\""
        let lastModified = "Tue, 01 Dec 2026 03:00:00 GMT"
        let server = try LoopbackHTTPServer { request in
            if request.header("If-None-Match") == etag || request.header("If-Modified-Since") == lastModified {
                return .status(304, headers: [HTTPHeader(name: "ETag", value: etag)])
            }
            return .ok(
                "<rss/>",
                contentType: "application/rss+xml; charset=utf-8",
                headers: [
                    HTTPHeader(name: "ETag", value: etag), HTTPHeader(name: "Last-Modified", value: lastModified),
                ]
            )
        }
        defer { server.stop() }

        let first = try await fetcher.fetch(url: server.url("/feed"), validators: .none)
        guard case .fetched(let body, let contentType, let validators, let finalURL) = first else {
            Issue.record("expected .fetched, got \(first)")
            return
        }
        #expect(body == Array("<rss/>".utf8))
        #expect(contentType == "application/rss+xml; charset=utf-8")
        #expect(validators == FeedValidators(etag: etag, lastModified: lastModified))
        #expect(finalURL == server.url("/feed"))

        let second = try await fetcher.fetch(url: server.url("/feed"), validators: validators)
        guard case .notModified = second else {
            Issue.record("expected .notModified, got \(second)")
            return
        }
        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests[0].header("If-None-Match") == nil)
        #expect(requests[0].header("If-Modified-Since") == nil)
        #expect(requests[1].header("If-None-Match") == etag)
        #expect(requests[1].header("If-Modified-Since") == lastModified)
        #expect(requests[1].header("Accept")?.contains("application/rss+xml") == true)
    }

    @Test(
        "429 and 503 ask to retry later after the Retry-After delay",
        arguments: [(429, "120", Duration.seconds(120)), (503, "5", .seconds(5)), (503, "soon", nil)]
    )
    func retryLater(status: Int, header: String, expected: Duration?) async throws {
        let server = try LoopbackHTTPServer { _ in
            .status(status, headers: [HTTPHeader(name: "Retry-After", value: header)])
        }
        defer { server.stop() }
        let error = await expectFeedError(server.url("/feed"))
        guard case .retryLater(let gotStatus, let retryAfter) = error else {
            Issue.record("expected .retryLater, got \(String(describing: error))")
            return
        }
        #expect(gotStatus == status)
        #expect(retryAfter == expected)
    }

    @Test("a Retry-After HTTP-date is turned into a delay from the fetcher's clock")
    func retryAfterDate() async throws {
        let server = try LoopbackHTTPServer { _ in
            .status(429, headers: [HTTPHeader(name: "Retry-After", value: "Tue, 01 Dec 2026 04:01:30 GMT")])
        }
        defer { server.stop() }
        let clocked = FeedFetcher(
            worker: worker,
            timeout: .seconds(3),
            maxBodyBytes: 1 << 20,
            allowFileScheme: false,
            now: { Date(timeIntervalSince1970: 1_796_097_600) }  // 2026-12-01 04:00:00 UTC
        )
        do {
            _ = try await clocked.fetch(url: server.url("/feed"), validators: .none)
            Issue.record("expected .retryLater")
        } catch {
            guard case .retryLater(429, let retryAfter) = error else {
                Issue.record("expected .retryLater, got \(error)")
                return
            }
            #expect(retryAfter == .seconds(90))
        }
    }

    @Test("other statuses are httpStatus errors naming the URL", arguments: [500, 404, 410, 401])
    func httpStatus(status: Int) async throws {
        let server = try LoopbackHTTPServer { _ in .status(status) }
        defer { server.stop() }
        let error = await expectFeedError(server.url("/feed"))
        guard case .httpStatus(let got, let url) = error else {
            Issue.record("expected .httpStatus, got \(String(describing: error))")
            return
        }
        #expect(got == status)
        #expect(url == server.url("/feed"))
        #expect(error?.description == "GET \(server.url("/feed")): server answered HTTP \(status)")
    }

    @Test("transport failures are wrapped with their FetchError")
    func transport() async throws {
        let server = try LoopbackHTTPServer { _ in .endless() }
        defer { server.stop() }
        let small = FeedFetcher(worker: worker, timeout: .seconds(3), maxBodyBytes: 10_000)
        do {
            _ = try await small.fetch(url: server.url("/feed"), validators: .none)
            Issue.record("expected a failure")
        } catch {
            guard case .transport(let fetchError) = error else {
                Issue.record("expected .transport, got \(error)")
                return
            }
            #expect(fetchError.kind == .bodyTooLarge)
        }
    }

    @Test("file:// feeds are read only by a fetcher that allows them")
    func fileFeeds() async throws {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("fetch/rss-200-items.xml")
        do {
            _ = try await fetcher.fetch(url: url.absoluteString, validators: .none)
            Issue.record("file:// must be refused by default")
        } catch {
            guard case .transport(let fetchError) = error else {
                Issue.record("expected .transport, got \(error)")
                return
            }
            #expect(fetchError.kind == .protocolNotAllowed)
        }
        let local = FeedFetcher(worker: worker, timeout: .seconds(3), maxBodyBytes: 1 << 20, allowFileScheme: true)
        guard case .fetched(let body, _, _, _) = try await local.fetch(url: url.absoluteString, validators: .none)
        else {
            Issue.record("expected .fetched")
            return
        }
        #expect(body == Array(try Data(contentsOf: url)))
    }
}
