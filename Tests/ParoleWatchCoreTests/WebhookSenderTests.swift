import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("WebhookSender delivers signed POSTs and classifies failures")
struct WebhookSenderTests {
    let worker = CurlWorker(maxConcurrentTransfers: 4, userAgent: "parolewatch/test")
    let now = Date(timeIntervalSince1970: 1_796_083_200)
    let body = Array(#"{"type":"parolewatch.digest","data":{"alerts":[]}}"#.utf8)

    func sender(timeout: Duration = .seconds(5)) -> WebhookSender {
        WebhookSender(worker: worker, timeout: timeout)
    }

    func signer() throws -> WebhookSigner {
        try WebhookSigner(secret: StandardWebhooksVector.secret)
    }

    @Test("a 200 is delivered, and the receiver verifies the signature over the exact body")
    func delivered() async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        let result = await sender().send(body: body, id: "dlv_1", signer: try signer(), to: receiver.url, now: now)
        #expect(result == .delivered(status: 200))
        let delivery = try #require(receiver.deliveries.first)
        #expect(delivery.hasValidSignature)
        #expect(delivery.id == "dlv_1")
        #expect(delivery.timestamp == "1796083200")
        #expect(delivery.body == body)
        #expect(delivery.request.method == "POST")
        #expect(delivery.request.header("content-type") == "application/json")
        #expect(
            WebhookSigner.verify(
                secret: StandardWebhooksVector.secret,
                id: "dlv_1",
                timestamp: "1796083200",
                body: delivery.body,
                signatureHeader: delivery.signature ?? "",
                now: now.addingTimeInterval(10)
            )
        )
    }

    @Test("a receiver with another secret sees an invalid signature")
    func wrongSecret() async throws {
        let other = Secret("whsec_" + Data(repeating: 1, count: 32).base64EncodedString())
        let receiver = try WebhookReceiver(secret: other)
        defer { receiver.stop() }
        _ = await sender().send(body: body, id: "dlv_x", signer: try signer(), to: receiver.url, now: now)
        #expect(receiver.deliveries.first?.hasValidSignature == false)
    }

    @Test("any 2xx is delivered", arguments: [201, 202, 204])
    func other2xx(status: Int) async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.script([.accept(status: status)])
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: receiver.url, now: now)
        #expect(result == .delivered(status: status))
    }

    @Test("a 500 is retried with its status", arguments: [400, 404, 410, 500, 502, 503])
    func serverError(status: Int) async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.failNext(1, status: status)
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: receiver.url, now: now)
        #expect(result == .retry(status: status, retryAfter: nil, reason: "HTTP \(status)"))
    }

    @Test("a 429 with Retry-After is retried with that wait")
    func rateLimited() async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.rateLimitNext(1, retryAfterSeconds: 120)
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: receiver.url, now: now)
        guard case .retry(let status, let retryAfter, let reason) = result else {
            Issue.record("expected a retry, got \(result)")
            return
        }
        #expect(status == 429)
        #expect(retryAfter == .seconds(120))
        #expect(reason.contains("rate limit"))
    }

    @Test("a 503 with an HTTP-date Retry-After is measured from now")
    func retryAfterDate() async throws {
        let server = try LoopbackHTTPServer { _ in
            .status(503, headers: [HTTPHeader(name: "Retry-After", value: "Tue, 01 Dec 2026 00:10:00 GMT")])
        }
        defer { server.stop() }
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: server.url("/hook"), now: now)
        #expect(result == .retry(status: 503, retryAfter: .seconds(600), reason: "HTTP 503"))
    }

    @Test("a 302 is a failure and is not followed", arguments: [301, 302, 307, 308])
    func redirect(status: Int) async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.script([.redirect(status: status)])
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: receiver.url, now: now)
        guard case .retry(let got, nil, let reason) = result else {
            Issue.record("expected a retry, got \(result)")
            return
        }
        #expect(got == status)
        #expect(reason.contains("redirect"))
        #expect(receiver.deliveries.count == 1)
        #expect(receiver.deliveries.map(\.request.path) == ["/hook"])
    }

    @Test("a silent receiver is retried as timed out, within the timeout")
    func silent() async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.stallNext(1)
        let clock = ContinuousClock()
        let start = clock.now
        let result = await sender(timeout: .milliseconds(800)).send(
            body: body,
            id: "d",
            signer: try signer(),
            to: receiver.url,
            now: now
        )
        let elapsed = clock.now - start
        guard case .retry(nil, nil, let reason) = result else {
            Issue.record("expected a retry without status, got \(result)")
            return
        }
        #expect(reason.contains("timed out"))
        #expect(elapsed < .seconds(3))
        #expect(receiver.deliveries.count == 1)
    }

    @Test("a refused connection is retried, and the reason does not repeat the URL's path or query")
    func refused() async throws {
        let port: Int
        do {
            let closed = try LoopbackHTTPServer { _ in .ok("") }
            port = closed.port
            closed.stop()
        }
        let url = "http://127.0.0.1:\(port)/bot123:SECRET/sendMessage?chat_id=1"
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: url, now: now)
        guard case .retry(nil, nil, let reason) = result else {
            Issue.record("expected a retry without status, got \(result)")
            return
        }
        #expect(!reason.contains("SECRET"))
        #expect(!reason.isEmpty)
    }

    @Test("a receiver that hangs up without an answer is retried, not counted as delivered")
    func hangUp() async throws {
        let server = try LoopbackHTTPServer { _ in .closeAbruptly }
        defer { server.stop() }
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: server.url("/hook"), now: now)
        guard case .retry(nil, nil, let reason) = result else {
            Issue.record("expected a retry without status, got \(result)")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("a huge answer does not count as delivered and is not read whole")
    func hugeAnswer() async throws {
        let server = try LoopbackHTTPServer { _ in .endless(status: 200) }
        defer { server.stop() }
        let result = await sender().send(body: body, id: "d", signer: try signer(), to: server.url("/"), now: now)
        guard case .retry(nil, nil, let reason) = result else {
            Issue.record("expected a retry, got \(result)")
            return
        }
        #expect(reason.contains("64 KiB"))
    }

    @Test("a cancelled attempt reports cancellation, not a failure")
    func cancelled() async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.stallNext(1)
        let sender = self.sender(timeout: .seconds(10))
        let signer = try signer()
        let url = receiver.url
        let now = self.now
        let body = self.body
        let task = Task { await sender.send(body: body, id: "d", signer: signer, to: url, now: now) }
        _ = await receiver.waitForDeliveries(1)
        task.cancel()
        #expect(await task.value == .cancelled)
    }

    @Test("retries of one delivery keep its id and are signed afresh for each timestamp")
    func retriesKeepTheID() async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        receiver.failNext(2)
        let signer = try signer()
        var results: [DeliveryAttemptResult] = []
        for attempt in 0..<3 {
            results.append(
                await sender().send(body: body, id: "dlv_same", signer: signer, to: receiver.url, now: now.addingTimeInterval(Double(attempt) * 5))
            )
        }
        #expect(results.last == .delivered(status: 200))
        let deliveries = receiver.deliveries
        #expect(deliveries.map(\.id) == ["dlv_same", "dlv_same", "dlv_same"])
        #expect(deliveries.map(\.timestamp) == ["1796083200", "1796083205", "1796083210"])
        #expect(deliveries.allSatisfy { $0.hasValidSignature })
        #expect(Set(deliveries.compactMap(\.signature)).count == 3)
    }

    @Test("a digest built for a format arrives byte for byte", arguments: WebhookFormat.allCases)
    func digestEndToEnd(format: WebhookFormat) async throws {
        let receiver = try WebhookReceiver(secret: StandardWebhooksVector.secret)
        defer { receiver.stop() }
        let builder = try DigestBuilder(subscriberID: "g", format: format, url: receiver.url + "?chat_id=7")
        let parts = builder.parts(for: DigestSamples.alerts(12), at: now)
        for (index, part) in parts.enumerated() {
            let result = await sender().send(body: part.body, id: "dlv_\(index)", signer: try signer(), to: receiver.url + "?chat_id=7", now: now)
            #expect(result == .delivered(status: 200))
        }
        #expect(receiver.deliveries.map(\.body) == parts.map(\.body))
        #expect(receiver.deliveries.allSatisfy { $0.hasValidSignature })
    }
}
