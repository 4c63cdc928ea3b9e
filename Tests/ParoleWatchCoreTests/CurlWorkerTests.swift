import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// Loads a file from `Fixtures/fetch/`.
func fetchFixture(_ name: String) throws -> [UInt8] {
    let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("fetch/\(name)")
    return Array(try Data(contentsOf: url))
}

/// Runs `body`, failing unless it throws a `FetchError`; returns that error.
func expectFetchError(
    _ body: () async throws(FetchError) -> HTTPResponse,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> FetchError? {
    do {
        let response = try await body()
        Issue.record("expected a FetchError, got HTTP \(response.status)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("CurlWorker against a loopback HTTP server")
struct CurlWorkerTests {
    let worker = CurlWorker(maxConcurrentTransfers: 8, userAgent: "parolewatch/test (+https://example.org)")

    func get(_ url: String, timeout: Duration = .seconds(3), maxBodyBytes: Int = 1 << 20) -> HTTPRequest {
        HTTPRequest(url: url, timeout: timeout, maxBodyBytes: maxBodyBytes)
    }

    @Test("a plain 200 returns status, headers, body and the final URL")
    func plainOK() async throws {
        let server = try LoopbackHTTPServer { _ in
            .ok("hello", contentType: "text/plain; charset=utf-8", headers: [HTTPHeader(name: "X-Test", value: "1")])
        }
        defer { server.stop() }
        let response = try await worker.perform(get(server.url("/feed")))
        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
        #expect(response.header("content-type") == "text/plain; charset=utf-8")
        #expect(response.header("X-TEST") == "1")
        #expect(response.effectiveURL == server.url("/feed"))
        #expect(response.httpVersion == "1.1")
        #expect(response.redirectCount == 0)
        #expect(response.elapsed < .seconds(2))
        #expect(server.requests.map(\.path) == ["/feed"])
    }

    @Test("the User-Agent names parolewatch")
    func userAgent() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("x") }
        defer { server.stop() }
        _ = try await worker.perform(get(server.url("/")))
        let agent = try #require(server.requests.first?.header("User-Agent"))
        #expect(agent.hasPrefix("parolewatch/"))
        #expect(CurlWorker.defaultUserAgent.hasPrefix("parolewatch/\(ParoleWatchVersion.string) libcurl/"))
        #expect(server.requests.first?.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test("a 301 to another path is followed and only the final headers are kept")
    func followsRedirect() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/old"
                ? .respond(
                    status: 301,
                    headers: [HTTPHeader(name: "Location", value: "/new"), HTTPHeader(name: "X-Hop", value: "1")]
                )
                : .ok("moved here")
        }
        defer { server.stop() }
        let response = try await worker.perform(get(server.url("/old")))
        #expect(response.status == 200)
        #expect(response.body == Array("moved here".utf8))
        #expect(response.effectiveURL == server.url("/new"))
        #expect(response.redirectCount == 1)
        #expect(response.header("X-Hop") == nil)
        #expect(response.header("Location") == nil)
    }

    @Test("redirects are not followed when the request says so")
    func redirectNotFollowed() async throws {
        let server = try LoopbackHTTPServer { _ in .redirect(to: "/elsewhere") }
        defer { server.stop() }
        var request = get(server.url("/a"))
        request.followRedirects = false
        let response = try await worker.perform(request)
        #expect(response.status == 302)
        #expect(response.header("Location") == "/elsewhere")
        #expect(server.requests.count == 1)
    }

    @Test(
        "a redirect to a non-HTTP scheme is refused",
        arguments: ["file:///etc/passwd", "ftp://127.0.0.1/etc/passwd", "gopher://127.0.0.1/1", "dict://127.0.0.1/d"]
    )
    func refusesRedirectToOtherSchemes(location: String) async throws {
        let server = try LoopbackHTTPServer { _ in .redirect(to: location) }
        defer { server.stop() }
        for allowFileScheme in [false, true] {
            var request = get(server.url("/feed"))
            request.allowFileScheme = allowFileScheme
            let error = try #require(
                await expectFetchError { () async throws(FetchError) in try await worker.perform(request) }
            )
            #expect(error.kind == .protocolNotAllowed, "\(error)")
            #expect(!error.description.contains("root:"))
        }
    }

    @Test("5 redirects are followed, 6 fail with tooManyRedirects, and so does a loop")
    func redirectLimit() async throws {
        let server = try LoopbackHTTPServer { request in
            if request.path == "/loop" { return .redirect(to: "/loop") }
            let remaining = Int(request.path.dropFirst("/hops/".count)) ?? 0
            return remaining == 0 ? .ok("arrived") : .redirect(to: "/hops/\(remaining - 1)")
        }
        defer { server.stop() }
        let five = try await worker.perform(get(server.url("/hops/5")))
        #expect(five.status == 200)
        #expect(five.redirectCount == 5)
        for path in ["/hops/6", "/loop"] {
            let error = try #require(
                await expectFetchError { () async throws(FetchError) in try await worker.perform(get(server.url(path)))
                }
            )
            #expect(error.kind == .tooManyRedirects, "\(error)")
        }
    }

    @Test(
        "a body over the cap fails with bodyTooLarge, whatever its framing",
        arguments: [BodyFraming.contentLength, .chunked, .closeDelimited]
    )
    func bodyOverCap(framing: BodyFraming) async throws {
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, body: [UInt8](repeating: 65, count: 200_000), framing: framing)
        }
        defer { server.stop() }
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get(server.url("/big"), maxBodyBytes: 100_000))
            }
        )
        #expect(error.kind == .bodyTooLarge, "\(error)")
        #expect(error.message.contains("100000"))
        let exact = try await worker.perform(get(server.url("/big"), maxBodyBytes: 200_000))
        #expect(exact.body.count == 200_000)
    }

    @Test(
        "an endless body is cut at the cap quickly, in either framing",
        arguments: [BodyFraming.chunked, .closeDelimited]
    )
    func endlessBody(framing: BodyFraming) async throws {
        let server = try LoopbackHTTPServer { _ in .endless(framing: framing) }
        defer { server.stop() }
        let start = ContinuousClock.now
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get(server.url("/endless"), maxBodyBytes: 4 << 20))
            }
        )
        #expect(error.kind == .bodyTooLarge, "\(error)")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test(
        "a compressed body is decoded, and the cap counts decoded bytes",
        arguments: [("gzip", "rss-200-items.xml.gz"), ("deflate", "rss-200-items.xml.zlib")]
    )
    func compressedBodyDecoded(encoding: String, fixture: String) async throws {
        let plain = try fetchFixture("rss-200-items.xml")
        let compressed = try fetchFixture(fixture)
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [HTTPHeader(name: "Content-Encoding", value: encoding)], body: compressed)
        }
        defer { server.stop() }
        let response = try await worker.perform(get(server.url("/feed.xml")))
        #expect(response.body == plain)
        // About 2 KB on the wire, 25 KB decoded.
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get(server.url("/feed.xml"), maxBodyBytes: 10_000))
            }
        )
        #expect(error.kind == .bodyTooLarge)
    }

    @Test("a gzip bomb (64 MiB of zeros in 64 KB) is cut at the cap without inflating it")
    func gzipBomb() async throws {
        let bomb = try fetchFixture("bomb-64MiB-zeros.gz")
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [HTTPHeader(name: "Content-Encoding", value: "gzip")], body: bomb)
        }
        defer { server.stop() }
        let before = ProcessMemory.residentBytes ?? 0
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get(server.url("/bomb"), maxBodyBytes: 1 << 20))
            }
        )
        #expect(error.kind == .bodyTooLarge, "\(error)")
        let grown = (ProcessMemory.residentBytes ?? 0) - before
        #expect(grown < 32 << 20, "RSS grew by \(grown) bytes")
    }

    @Test("a server trickling 1 byte per second times out on time")
    func trickleTimesOut() async throws {
        let server = try LoopbackHTTPServer { _ in
            .trickle(body: [UInt8](repeating: 66, count: 100), interval: .seconds(1))
        }
        defer { server.stop() }
        let start = ContinuousClock.now
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get(server.url("/slow"), timeout: .seconds(2)))
            }
        )
        let elapsed = ContinuousClock.now - start
        #expect(error.kind == .timedOut, "\(error)")
        #expect(error.description.contains("timed out after"))
        #expect(elapsed >= .milliseconds(1500) && elapsed < .seconds(3), "took \(elapsed)")
    }

    @Test("a server that accepts and never answers times out, while other transfers complete fast")
    func silentServerDoesNotBlockOthers() async throws {
        let server = try LoopbackHTTPServer { request in request.path == "/silent" ? .silent : .ok("fast") }
        defer { server.stop() }
        let start = ContinuousClock.now
        async let silentA = expectFetchError { () async throws(FetchError) in
            try await worker.perform(get(server.url("/silent"), timeout: .seconds(2)))
        }
        async let silentB = expectFetchError { () async throws(FetchError) in
            try await worker.perform(get(server.url("/silent"), timeout: .seconds(2)))
        }
        try await Task.sleep(for: .milliseconds(100))
        let fastStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask { try await worker.perform(get(server.url("/fast/\(index)"))).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(ContinuousClock.now - fastStart < .seconds(1))
        let errors = await [silentA, silentB]
        for error in errors { #expect(error?.kind == .timedOut, "\(String(describing: error))") }
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test("no more than maxConcurrentTransfers transfers reach the server at once")
    func concurrencyBound() async throws {
        let server = try LoopbackHTTPServer { _ in .delayed(.milliseconds(100), .ok("slow")) }
        defer { server.stop() }
        let bounded = CurlWorker(maxConcurrentTransfers: 4, userAgent: "parolewatch/test")
        defer { bounded.shutdown() }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask { try await bounded.perform(get(server.url("/slow/\(index)"))).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(server.requests.count == 20)
        #expect(server.maxActiveRequests <= 4)
        #expect(server.maxOpenConnections <= 4)
        #expect(server.maxActiveRequests >= 2)
        // 20 requests × 100 ms / 4 at a time ≈ 500 ms.
        #expect(ContinuousClock.now - start >= .milliseconds(450))
    }

    @Test("consecutive transfers to one host reuse the connection")
    func connectionReuse() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("same") }
        defer { server.stop() }
        for _ in 0..<10 { _ = try await worker.perform(get(server.url("/again"))) }
        #expect(server.connectionsAccepted == 1)
    }

    @Test("file:// is read only when the request allows it")
    func fileScheme() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parolewatch-fetch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("feed.xml")
        try Data("<rss/>".utf8).write(to: file)
        let url = file.absoluteString
        #expect(url.hasPrefix("file:///"))

        let refused = try #require(
            await expectFetchError { () async throws(FetchError) in try await worker.perform(get(url)) }
        )
        #expect(refused.kind == .protocolNotAllowed)

        var request = get(url)
        request.allowFileScheme = true
        let response = try await worker.perform(request)
        #expect(response.status == 0)
        #expect(response.body == Array("<rss/>".utf8))
        #expect(response.httpVersion == nil)
    }

    @Test("a refused connection fails with couldNotConnect")
    func connectionRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("") }
        let port = server.port
        server.stop()
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get("http://127.0.0.1:\(port)/"))
            }
        )
        #expect(error.kind == .couldNotConnect, "\(error)")
        #expect(error.description.hasPrefix("GET http://127.0.0.1:\(port)/: could not connect"))
    }

    @Test("a connection closed without an answer is a transport error")
    func abruptClose() async throws {
        let server = try LoopbackHTTPServer { _ in .closeAbruptly }
        defer { server.stop() }
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in try await worker.perform(get(server.url("/"))) }
        )
        #expect(error.kind == .transport, "\(error)")
    }

    @Test("malformed URLs fail with invalidURL", arguments: ["http://", "http://[::1", "not a url at all"])
    func invalidURL(url: String) async throws {
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in try await worker.perform(get(url)) }
        )
        #expect(
            error.kind == .invalidURL || error.kind == .protocolNotAllowed || error.kind == .couldNotResolve,
            "\(error)"
        )
    }

    @Test("cancelling the task of a pending transfer resumes it promptly with cancelled")
    func cancellation() async throws {
        let server = try LoopbackHTTPServer { _ in .silent }
        defer { server.stop() }
        let worker = self.worker
        let task = Task { () async throws(FetchError) -> HTTPResponse in
            try await worker.perform(get(server.url("/hang"), timeout: .seconds(30)))
        }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < .milliseconds(500))
        guard case .failure(let failure) = result else {
            Issue.record("expected cancellation")
            return
        }
        #expect((failure as? FetchError)?.kind == .cancelled)
        // libcurl dropped the connection: the server sees the client hang up.
        let deadline = ContinuousClock.now + .seconds(1)
        while server.openConnections > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.openConnections == 0)
        // The worker is still healthy.
        let other = try LoopbackHTTPServer { _ in .ok("fine") }
        defer { other.stop() }
        #expect(try await worker.perform(get(other.url("/"))).status == 200)
    }

    @Test("a task cancelled before its transfer starts never reaches the server")
    func cancelledBeforeStart() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("x") }
        defer { server.stop() }
        let worker = self.worker
        let task = Task { () async throws(FetchError) -> HTTPResponse in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await worker.perform(get(server.url("/never")))
        }
        let result = await task.result
        guard case .failure(let failure) = result else {
            Issue.record("expected cancellation")
            return
        }
        #expect((failure as? FetchError)?.kind == .cancelled)
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.requests.isEmpty)
    }

    @Test("a POST delivers its body and headers and is not redirected")
    func post() async throws {
        let server = try LoopbackHTTPServer { _ in .status(204) }
        defer { server.stop() }
        let body = Array(#"{"alert":"CHNV","score":0.93}"#.utf8) + [0, 255]
        let request = HTTPRequest(
            url: server.url("/hook"),
            method: .post,
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "Webhook-Signature", value: "v1,abc="),
            ],
            body: body,
            timeout: .seconds(3),
            maxBodyBytes: 1024,
            followRedirects: false
        )
        let response = try await worker.perform(request)
        #expect(response.status == 204)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.body == body)
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("Webhook-Signature") == "v1,abc=")
        #expect(received.header("Expect") == nil)
    }

    @Test("a large POST body arrives intact")
    func largePost() async throws {
        let server = try LoopbackHTTPServer { request in .ok("\(request.body.count)") }
        defer { server.stop() }
        let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        let request = HTTPRequest(
            url: server.url("/hook"),
            method: .post,
            body: body,
            timeout: .seconds(3),
            maxBodyBytes: 1024
        )
        let response = try await worker.perform(request)
        #expect(String(decoding: response.body, as: UTF8.self) == "300000")
        #expect(server.requests.first?.body == body)
    }

    @Test("shutdown resumes in-flight and queued transfers with cancelled, and is idempotent")
    func shutdownCancelsInFlight() async throws {
        let server = try LoopbackHTTPServer { _ in .silent }
        defer { server.stop() }
        let doomed = CurlWorker(maxConcurrentTransfers: 2, userAgent: "parolewatch/test")
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: FetchError.Kind?.self) { group in
            for index in 0..<5 {
                group.addTask {
                    await expectFetchError { () async throws(FetchError) in
                        try await doomed.perform(get(server.url("/hang/\(index)"), timeout: .seconds(30)))
                    }?.kind
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            doomed.shutdown()
            for try await kind in group { #expect(kind == .cancelled) }
        }
        #expect(ContinuousClock.now - start < .seconds(2))
        doomed.shutdown()
        let late = await expectFetchError { () async throws(FetchError) in
            try await doomed.perform(get(server.url("/late")))
        }
        #expect(late?.kind == .cancelled)
    }

    @Test("a header value with a line break is refused before anything is sent")
    func headerInjection() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("x") }
        defer { server.stop() }
        var request = get(server.url("/"))
        request.headers = [HTTPHeader(name: "X-Evil", value: "a\r\nHost: elsewhere")]
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in try await worker.perform(request) }
        )
        #expect(error.kind == .invalidURL)
        #expect(server.requests.isEmpty)
    }

    @Test("headers of an interim 100 Continue are not reported")
    func interimHeadersDropped() async throws {
        let server = try LoopbackHTTPServer { request in .ok("got \(request.body.count)") }
        defer { server.stop() }
        let request = HTTPRequest(
            url: server.url("/hook"),
            method: .post,
            headers: [HTTPHeader(name: "Expect", value: "100-continue")],
            body: Array("payload".utf8),
            timeout: .seconds(3),
            maxBodyBytes: 1024
        )
        let response = try await worker.perform(request)
        #expect(response.status == 200)
        #expect(response.body == Array("got 7".utf8))
        #expect(response.header("X-Interim") == nil)
        #expect(response.header("Content-Type") == "text/plain")
    }

    @Test("a chunked POST body arrives intact")
    func chunkedPost() async throws {
        let server = try LoopbackHTTPServer { request in .ok("\(request.body.count)") }
        defer { server.stop() }
        let body = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let request = HTTPRequest(
            url: server.url("/hook"),
            method: .post,
            headers: [HTTPHeader(name: "Transfer-Encoding", value: "chunked")],
            body: body,
            timeout: .seconds(3),
            maxBodyBytes: 1024
        )
        let response = try await worker.perform(request)
        #expect(String(decoding: response.body, as: UTF8.self) == "70000")
        let received = try #require(server.requests.first)
        #expect(received.header("Transfer-Encoding") == "chunked")
        #expect(received.body == body)
    }

    @Test("an announced 200 MiB body is refused from its Content-Length, before reading it")
    func announcedHugeBody() async throws {
        let server = try LoopbackHTTPServer { _ in
            .respond(
                status: 200,
                headers: [HTTPHeader(name: "Content-Length", value: "\(200 << 20)")],
                body: Array("only a little".utf8)
            )
        }
        defer { server.stop() }
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(get(server.url("/huge"), maxBodyBytes: 1 << 20))
            }
        )
        #expect(error.kind == .bodyTooLarge)
        #expect(error.message.contains("Content-Length"))
    }

    @Test("300 queued transfers all complete over at most 16 reused connections")
    func queuedTransfersReuseConnections() async throws {
        let body = [UInt8](repeating: UInt8(ascii: "f"), count: 20 * 1024)
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: body) }
        defer { server.stop() }
        let wide = CurlWorker(maxConcurrentTransfers: 16, userAgent: "parolewatch/test")
        defer { wide.shutdown() }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<300 {
                group.addTask { try await wide.perform(get(server.url("/feed/\(index)"))).body.count }
            }
            for try await count in group { #expect(count == body.count) }
        }
        #expect(server.requests.count == 300)
        #expect(server.maxOpenConnections <= 16)
        #expect(server.connectionsAccepted <= 16)
    }

    @Test("cancelling a transfer still queued in the worker never sends it")
    func cancelQueued() async throws {
        let server = try LoopbackHTTPServer { request in request.path == "/first" ? .silent : .ok("second") }
        defer { server.stop() }
        let single = CurlWorker(maxConcurrentTransfers: 1, userAgent: "parolewatch/test")
        defer { single.shutdown() }
        let first = Task { () async throws(FetchError) -> HTTPResponse in
            try await single.perform(get(server.url("/first"), timeout: .seconds(30)))
        }
        try await Task.sleep(for: .milliseconds(100))
        let second = Task { () async throws(FetchError) -> HTTPResponse in
            try await single.perform(get(server.url("/second")))
        }
        try await Task.sleep(for: .milliseconds(100))
        second.cancel()
        guard case .failure(let failure) = await second.result else {
            Issue.record("the queued transfer must be cancelled")
            return
        }
        #expect((failure as? FetchError)?.kind == .cancelled)
        #expect(server.requests.map(\.path) == ["/first"])
        first.cancel()
        _ = await first.result
    }
}
