import Foundation
import Logging

/// Delivers one subscriber's alerts: makes a digest when its schedule says so, then sends its pending
/// deliveries in order, each signed under its stored `webhook-id`, and records every outcome.
///
/// A failed attempt is rescheduled per ``RetrySchedule`` (honoring `Retry-After`) and ends the pass, so the
/// subscriber's later deliveries keep their order and a dead receiver costs one attempt per retry step; after
/// the last step the delivery is dead. Only this subscriber waits: every pass is independent of the others.
public struct WebhookDeliverer: Sendable {
    let store: DeliveryStore
    let sender: WebhookSender
    let retries: RetrySchedule
    let logger: Logger

    /// How a pass treats schedules and backoff.
    public enum Mode: Sendable, Equatable {
        /// The daemon: a digest only when the schedule is due, attempts only when their retry time has come.
        case scheduled
        /// `run --once`: digest and try everything pending now; a `Retry-After` is honored by waiting when it ends
        /// within `maxWait`, otherwise the delivery stays queued for a later run.
        case now(maxWait: Duration)
    }

    /// What one pass did.
    public struct Report: Sendable, Equatable {
        public var subscriberID: String
        /// Deliveries created by this pass's digest.
        public var digested = 0
        /// Deliveries sent with a 2xx answer, and the alerts they carried.
        public var delivered = 0
        public var alertsDelivered = 0
        /// Attempts that failed (the delivery stays pending), and deliveries declared dead.
        public var failed = 0
        public var dead = 0
        /// Deliveries left for later because a `Retry-After` reaches beyond this run.
        public var deferred = 0
        /// Why the pass could not run or the last failure, for logs and `run --once`'s summary.
        public var error: String?

        public init(subscriberID: String) {
            self.subscriberID = subscriberID
        }
    }

    public init(store: DeliveryStore, sender: WebhookSender, retries: RetrySchedule = RetrySchedule(), logger: Logger) {
        self.store = store
        self.sender = sender
        self.retries = retries
        self.logger = logger
    }

    /// Whether the subscriber has anything to do at `now`: a digest due with alerts waiting, or a delivery due.
    public func hasWork(_ subscriber: SubscriberConfig, now: Date) async throws(StateError) -> Bool {
        if let next = try await store.nextAttempt(subscriber.id), next <= now { return true }
        guard try await store.undigestedCount(subscriber.id) > 0 else { return false }
        let record = try await store.subscriber(subscriber.id, now: now)
        return subscriber.schedule.nextDigest(after: record.lastDigestAt, firstSeen: record.firstSeenAt) <= now
    }

    /// One pass for `channel`'s subscriber; see ``Mode``.
    public func pass(_ channel: WebhookChannel, mode: Mode) async -> Report {
        let subscriber = channel.subscriber
        var report = Report(subscriberID: subscriber.id)
        var logger = logger
        logger[metadataKey: "subscriber.id"] = "\(subscriber.id)"
        do throws(StateError) {
            let now = Date()
            let record = try await store.subscriber(subscriber.id, now: now)
            let digestDue =
                mode != .scheduled
                || subscriber.schedule.nextDigest(after: record.lastDigestAt, firstSeen: record.firstSeenAt) <= now
            if digestDue, try await store.undigestedCount(subscriber.id) > 0 {
                let made = try await store.makeDigest(for: subscriber.id, builder: channel.builder, now: now)
                CrashPoint.afterDigestCommit.reach()
                report.digested = made.count
                logger.info(
                    "digest made",
                    metadata: [
                        "digest.deliveries": "\(made.count)",
                        "digest.alerts": "\(made.reduce(0) { $0 + $1.alertCount })",
                        "delivery.ids": "\(made.map(\.id).joined(separator: ","))",
                    ])
            }
            let due = try await store.pending(subscriber.id, dueBy: mode == .scheduled ? Date() : nil)
            for delivery in due {
                guard !Task.isCancelled else { break }
                if case .now(let maxWait) = mode, let until = delivery.retryAfterUntil, until > Date() {
                    guard until.timeIntervalSinceNow <= maxWait.seconds else {
                        report.deferred += 1
                        report.error = "the receiver asked to wait until \(RFC3339.string(until))"
                        break
                    }
                    try? await Task.sleep(for: .seconds(until.timeIntervalSinceNow))
                }
                guard try await attempt(delivery, channel: channel, report: &report, logger: logger) else { break }
            }
        } catch {
            report.error = "\(error)"
            logger.error("delivery bookkeeping failed; will try again", metadata: ["error": "\(error)"])
        }
        return report
    }

    /// Sends `delivery` once and records the outcome; returns whether the pass may go on to the next delivery.
    private func attempt(
        _ delivery: Delivery, channel: WebhookChannel, report: inout Report, logger: Logger
    ) async throws(StateError) -> Bool {
        var logger = logger
        logger[metadataKey: "delivery.id"] = "\(delivery.id)"
        let sentAt = Date()
        let result = await sender.send(
            body: delivery.body, id: delivery.id, signer: channel.signer, to: channel.subscriber.url, now: sentAt)
        switch result {
        case .delivered(let status):
            CrashPoint.afterSendBeforeMark.reach()
            try await store.markDelivered(delivery.id, status: status, at: Date())
            report.delivered += 1
            report.alertsDelivered += delivery.alertCount
            logger.info(
                "webhook delivered",
                metadata: [
                    "delivery.alerts": "\(delivery.alertCount)", "delivery.attempt": "\(delivery.attempts + 1)",
                    "http.status": "\(status)",
                    "delivery.latency_ms": "\(Int(Date().timeIntervalSince(delivery.createdAt) * 1000))",
                ])
            return true
        case .retry(let status, let retryAfter, let reason):
            let failures = delivery.attempts + 1
            let next = retries.nextAttempt(
                after: failures, now: sentAt, retryAfter: retryAfter, random: .random(in: 0..<1))
            let retryAfterUntil = retryAfter.map { sentAt.addingTimeInterval(min($0, retries.maxRetryAfter).seconds) }
            try await store.markFailed(
                delivery.id, status: status, reason: reason, nextAttempt: next, retryAfterUntil: retryAfterUntil,
                at: Date())
            report.failed += 1
            report.error = reason
            if let next {
                logger.warning(
                    "webhook delivery failed; will retry",
                    metadata: [
                        "error": "\(reason)", "delivery.attempt": "\(failures)",
                        "delivery.next_attempt_at": "\(RFC3339.string(next))",
                    ])
            } else {
                report.dead += 1
                logger.error(
                    "webhook delivery is dead after its last attempt; `parolewatch webhook retry \(channel.subscriber.id)` sends it again",
                    metadata: ["error": "\(reason)", "delivery.attempt": "\(failures)"])
            }
            return false
        case .cancelled:
            return false
        }
    }
}
