import Foundation
import GRDB
import Logging
import ParoleWatchCore
import TestSupport
import Testing

/// A state database with queued alerts, a libcurl worker and webhook receivers, for delivery tests.
final class DeliveryBench {
    static let secret = Secret("whsec_" + Data("deliverer-test-secret-0123456789".utf8).base64EncodedString())

    let folder: TemporaryDirectory
    let database: StateDatabase
    let worker = CurlWorker(maxConcurrentTransfers: 8, userAgent: "parolewatch-tests")
    let logs = LogRecorder()

    init() throws {
        folder = try TemporaryDirectory()
        database = try StateDatabase(directory: folder.url)
    }

    deinit {
        worker.shutdown()
        folder.remove()
    }

    func subscriber(_ id: String, receiver: WebhookReceiver, schedule: DeliverySchedule = .immediate) -> SubscriberConfig {
        SubscriberConfig(id: id, url: receiver.url, secret: .inline(Self.secret), schedule: schedule)
    }

    func channel(_ subscriber: SubscriberConfig) throws -> WebhookChannel {
        try WebhookChannel(subscriber: subscriber, credentialsDirectory: nil)
    }

    func deliverer(timeout: Duration = .seconds(15), retries: RetrySchedule = RetrySchedule()) -> WebhookDeliverer {
        WebhookDeliverer(
            store: DeliveryStore(database: database), sender: WebhookSender(worker: worker, timeout: timeout),
            retries: retries, logger: logs.logger())
    }

    /// Queues `count` distinct alerts for `subscribers`; returns their public ids.
    @discardableResult
    func queueAlerts(_ count: Int, for subscribers: [SubscriberConfig], from first: Int = 1) throws -> [String] {
        try database.pool.write { db in
            try (first..<(first + count)).map { number in
                let text = "Aviso \(number): reabren el parole humanitario, lista \(number * 7919) de aprobados, "
                    + "código \(number * 104_729) y cupos \(number % 13) en la oficina \(number * 31)"
                let alert = NewAlert(
                    feedID: "f", feedURL: "http://127.0.0.1/f", entryKey: "k\(number)", guid: "g\(number)",
                    link: "https://x.example/\(number)", title: "Post \(number)", text: text, published: nil,
                    language: "es", score: 6, threshold: 4, rulesJSON: #"[{"id":"R","weight":6,"field":"text","start":0,"end":5,"match":"Aviso","description":"d"}]"#,
                    fingerprint: TextFingerprint(normalized: Normalizer().normalize("\(number)-\(number * 7)")))
                guard case .created(let row) = try AlertQueue.enqueue(alert, subscribers: subscribers, now: Date(), db: db)
                else { throw CancellationError() }
                return AlertQueue.publicID(row)
            }
        }
    }

    func deliveries() throws -> [Row] {
        try database.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM delivery ORDER BY created_at, rowid") }
    }
}

@Suite("WebhookDeliverer", .serialized)
struct WebhookDelivererTests {
    static func alertIDs(in delivery: WebhookReceiver.Delivery) -> [String] {
        let object = try? JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any]
        let alerts = (object?["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
        return alerts.compactMap { $0["id"] as? String }
    }

    @Test("an immediate subscriber gets every waiting alert in one signed digest, and nothing twice")
    func immediateDigest() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        let ids = try bench.queueAlerts(3, for: [subscriber])

        let report = await bench.deliverer().pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(report.digested == 1 && report.delivered == 1)
        #expect(report.alertsDelivered == 3 && report.error == nil)
        #expect(receiver.deliveries.count == 1)
        #expect(receiver.deliveries.allSatisfy { $0.hasValidSignature && $0.id?.hasPrefix("msg_") == true })
        #expect(receiver.deliveries.first.map(Self.alertIDs) == ids)

        let again = await bench.deliverer().pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(again.digested == 0 && again.delivered == 0)
        #expect(receiver.deliveries.count == 1)
    }

    @Test("a failed attempt keeps its webhook-id and body, and is tried again only when its time comes")
    func failureKeepsIdentity() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        try bench.queueAlerts(2, for: [subscriber])
        receiver.failNext(1, status: 503)
        let deliverer = bench.deliverer()

        let failed = await deliverer.pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(failed.failed == 1)
        #expect(failed.error == "HTTP 503")
        let row = try #require(try bench.deliveries().first)
        let state: String = row["state"]
        let attempts: Int = row["attempts"]
        let status: Int? = row["last_status"]
        #expect(state == "pending" && attempts == 1 && status == 503)
        let next: Date = row["next_attempt_at"]
        #expect(next.timeIntervalSinceNow > 3 && next.timeIntervalSinceNow < 7)  // 5 s ± 10 %

        let early = await deliverer.pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(early.delivered == 0 && receiver.deliveries.count == 1)

        let retried = await deliverer.pass(try bench.channel(subscriber), mode: .now(maxWait: .seconds(1)))
        #expect(retried.delivered == 1)
        let sent = receiver.deliveries
        #expect(sent.count == 2 && sent[0].id == sent[1].id && sent[0].body == sent[1].body)
        #expect(sent.allSatisfy { $0.hasValidSignature })
    }

    @Test("Retry-After is honored: the next attempt waits at least that long, and run --once defers or waits")
    func retryAfter() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        try bench.queueAlerts(1, for: [subscriber])
        receiver.rateLimitNext(1, retryAfterSeconds: 600)
        let deliverer = bench.deliverer()

        _ = await deliverer.pass(try bench.channel(subscriber), mode: .scheduled)
        let row = try #require(try bench.deliveries().first)
        let next: Date = row["next_attempt_at"]
        #expect(next.timeIntervalSinceNow > 590)

        let deferred = await deliverer.pass(try bench.channel(subscriber), mode: .now(maxWait: .seconds(5)))
        #expect(deferred.deferred == 1 && deferred.delivered == 0)
        #expect(receiver.deliveries.count == 1)

        try await bench.database.pool.write { db in
            try db.execute(sql: "UPDATE delivery SET retry_after_until = ?", arguments: [Date().addingTimeInterval(1)])
        }
        let waited = await deliverer.pass(try bench.channel(subscriber), mode: .now(maxWait: .seconds(5)))
        #expect(waited.delivered == 1 && receiver.deliveries.count == 2)
    }

    @Test("after the last attempt a delivery is dead; webhook retry sends it again under the same id")
    func deadAndRevived() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        try bench.queueAlerts(1, for: [subscriber])
        receiver.failNext(3)
        let deliverer = bench.deliverer(retries: RetrySchedule(delays: [.zero, .zero], jitter: 0))

        for _ in 1...3 { _ = await deliverer.pass(try bench.channel(subscriber), mode: .scheduled) }
        let store = DeliveryStore(database: bench.database)
        var summary = try await store.summary("s")
        #expect(summary.deadDeliveries == 1 && summary.deadAlerts == 1)
        #expect(summary.backlog == 0)
        #expect(summary.lastError == "HTTP 500")
        #expect(bench.logs.messages(atLeast: .error).contains { $0.contains("dead") })
        let idle = await deliverer.pass(try bench.channel(subscriber), mode: .now(maxWait: .zero))
        #expect(idle.delivered == 0 && receiver.deliveries.count == 3)

        #expect(try await store.revive("s", now: Date()) == 1)
        let revived = await deliverer.pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(revived.delivered == 1)
        #expect(Set(receiver.deliveries.map(\.id)).count == 1 && receiver.deliveries.count == 4)
        summary = try await store.summary("s")
        #expect(summary.deadDeliveries == 0 && summary.delivered == 1)
        #expect(summary.lastDeliveryAt != nil)
    }

    @Test("a redirect is a failure and is never followed")
    func redirectNotFollowed() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        try bench.queueAlerts(1, for: [subscriber])
        receiver.script([.redirect(status: 307)])

        let report = await bench.deliverer().pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(report.failed == 1 && report.error?.contains("redirect") == true)
        #expect(receiver.deliveries.map(\.request.path) == ["/hook"])
    }

    @Test("a large digest is split into deliveries with each alert in exactly one of them")
    func splitDigest() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        let ids = try bench.queueAlerts(230, for: [subscriber])

        let report = await bench.deliverer().pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(report.digested == 3 && report.delivered == 3)
        #expect(report.alertsDelivered == 230)
        let carried = receiver.deliveries.map(Self.alertIDs)
        #expect(carried.map(\.count) == [100, 100, 30])
        #expect(carried.flatMap { $0 } == ids)
        #expect(Set(receiver.deliveries.map(\.id)).count == 3)
    }

    @Test("a receiver that hangs delays only its own subscriber")
    func hangingReceiverIsolated() async throws {
        let bench = try DeliveryBench()
        let stalled = try WebhookReceiver(secret: DeliveryBench.secret)
        let healthy = try WebhookReceiver(secret: DeliveryBench.secret)
        let slow = bench.subscriber("slow", receiver: stalled)
        let fast = bench.subscriber("fast", receiver: healthy)
        try bench.queueAlerts(2, for: [slow, fast])
        stalled.stallNext(1)
        let deliverer = bench.deliverer(timeout: .seconds(3))
        let slowChannel = try bench.channel(slow)
        let fastChannel = try bench.channel(fast)

        let slowPass = Task { await deliverer.pass(slowChannel, mode: .scheduled) }
        let fastReport = await deliverer.pass(fastChannel, mode: .scheduled)
        #expect(fastReport.delivered == 1 && healthy.deliveries.count == 1)
        let slowReport = await slowPass.value
        #expect(slowReport.failed == 1 && slowReport.error?.isEmpty == false)
        let summary = try await DeliveryStore(database: bench.database).summary("slow")
        #expect(summary.backlog == 2 && summary.pendingDeliveries == 1)
    }

    @Test("a subscriber whose secret cannot be read is named, without the secret")
    func unreadableSecret() throws {
        let subscriber = SubscriberConfig(
            id: "s", url: "http://127.0.0.1:9/hook", secret: .credential("parolewatch-s"))
        #expect(throws: WebhookChannelError.self) { try WebhookChannel(subscriber: subscriber, credentialsDirectory: nil) }
        do {
            _ = try WebhookChannel(subscriber: subscriber, credentialsDirectory: "/nonexistent")
        } catch {
            #expect(error.description.hasPrefix("subscriber 's': webhook secret /nonexistent/parolewatch-s"))
        }
    }
}
