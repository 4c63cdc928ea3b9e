import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Everything after an alert is queued, as a swift-service-lifecycle `Service`: writes the moderators' alert
/// files and delivers every subscriber's webhooks on its schedule.
///
/// Each subscriber's pass runs in its own child task, so a receiver that hangs or is down delays only its own
/// deliveries. The loop wakes when the poller rings ``doorbell`` (new alerts) and at least every second.
/// Subscribers are read from `subscribers` on every round, so a reloaded configuration takes effect at once;
/// a subscriber removed from the configuration is no longer served (its queued alerts stay in the database).
public final class DeliveryService: Service {
    public let spooler: AlertSpooler
    public let deliverer: WebhookDeliverer
    public let doorbell: Doorbell
    private let subscribers: @Sendable () -> [SubscriberConfig]
    private let credentialsDirectory: String?
    private let logger: Logger
    private let inFlight = Mutex<Set<String>>([])
    /// The last setup problem logged per subscriber, so it is logged once while it lasts.
    private let setupProblems = Mutex<[String: String]>([:])

    /// Longest sleep between rounds.
    static let tick: Duration = .seconds(1)

    public init(
        spooler: AlertSpooler,
        deliverer: WebhookDeliverer,
        doorbell: Doorbell,
        subscribers: @escaping @Sendable () -> [SubscriberConfig],
        credentialsDirectory: String? = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"],
        logger: Logger
    ) {
        self.spooler = spooler
        self.deliverer = deliverer
        self.doorbell = doorbell
        self.subscribers = subscribers
        self.credentialsDirectory = credentialsDirectory
        self.logger = logger
    }

    /// Runs rounds until graceful shutdown; in-flight sends are cancelled then (they stay pending and are sent
    /// again, under the same `webhook-id`, after the restart).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    await self.spooler.spoolPending()
                    for subscriber in self.subscribers() where self.claim(subscriber.id) {
                        group.addTask {
                            defer { self.release(subscriber.id) }
                            guard (try? await self.deliverer.hasWork(subscriber, now: Date())) ?? true,
                                let channel = self.channel(for: subscriber)
                            else { return }
                            _ = await self.deliverer.pass(channel, mode: .scheduled)
                        }
                    }
                    await self.doorbell.wait(upTo: Self.tick)
                }
            }
        }
    }

    /// `run --once`: writes pending alert files, then one pass per subscriber in ``WebhookDeliverer/Mode/now(maxWait:)``
    /// mode, all subscribers at once. Returns each subscriber's report, in configuration order.
    public func deliverAllNow(maxWait: Duration = .seconds(10)) async -> (spooled: Int, reports: [WebhookDeliverer.Report]) {
        let spooled = await spooler.spoolPending()
        let subscribers = subscribers()
        let reports = await withTaskGroup(of: WebhookDeliverer.Report.self) { group in
            for subscriber in subscribers {
                group.addTask {
                    guard let channel = self.channel(for: subscriber) else {
                        var report = WebhookDeliverer.Report(subscriberID: subscriber.id)
                        report.error = self.setupProblems.withLock { $0[subscriber.id] }
                        return report
                    }
                    return await self.deliverer.pass(channel, mode: .now(maxWait: maxWait))
                }
            }
            var byID: [String: WebhookDeliverer.Report] = [:]
            for await report in group { byID[report.subscriberID] = report }
            return subscribers.compactMap { byID[$0.id] }
        }
        return (spooled, reports)
    }

    /// The subscriber's channel, or nil (logged once) when its secret or URL cannot be used now.
    private func channel(for subscriber: SubscriberConfig) -> WebhookChannel? {
        do {
            let channel = try WebhookChannel(subscriber: subscriber, credentialsDirectory: credentialsDirectory)
            setupProblems.withLock { _ = $0.removeValue(forKey: subscriber.id) }
            return channel
        } catch {
            let isNew = setupProblems.withLock { problems in
                defer { problems[subscriber.id] = error.description }
                return problems[subscriber.id] != error.description
            }
            if isNew {
                logger.error(
                    "cannot deliver to subscriber; its alerts stay queued",
                    metadata: ["subscriber.id": "\(subscriber.id)", "error": "\(error.reason)"])
            }
            return nil
        }
    }

    private func claim(_ id: String) -> Bool {
        inFlight.withLock { $0.insert(id).inserted }
    }

    private func release(_ id: String) {
        _ = inFlight.withLock { $0.remove(id) }
    }
}
