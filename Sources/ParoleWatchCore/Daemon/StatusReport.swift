import Foundation
import GRDB

/// What `status` shows: per configured feed its last fetch, last error and next due time; the alert queue;
/// per configured subscriber its backlog, last delivery, last error and dead deliveries. Never a secret or a
/// subscriber URL (it may embed a token).
public struct StatusReport: Encodable, Sendable {
    public struct Feed: Encodable, Sendable {
        public var id: String
        public var url: String
        public var lastFetchAt: Date?
        public var lastSuccessAt: Date?
        public var lastOutcome: String?
        public var lastError: String?
        public var consecutiveFailures: Int
        public var nextDueAt: Date?
        public var entriesKnown: Int

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(url, forKey: .url)
            try container.encode(lastFetchAt.map(RFC3339.string), forKey: .lastFetchAt)
            try container.encode(lastSuccessAt.map(RFC3339.string), forKey: .lastSuccessAt)
            try container.encode(lastOutcome, forKey: .lastOutcome)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
            try container.encode(nextDueAt.map(RFC3339.string), forKey: .nextDueAt)
            try container.encode(entriesKnown, forKey: .entriesKnown)
        }

        enum CodingKeys: String, CodingKey {
            case id, url
            case lastFetchAt = "last_fetch_at"
            case lastSuccessAt = "last_success_at"
            case lastOutcome = "last_outcome"
            case lastError = "last_error"
            case consecutiveFailures = "consecutive_failures"
            case nextDueAt = "next_due_at"
            case entriesKnown = "entries_known"
        }
    }

    /// The alert queue: alerts raised, those whose file is not written yet, and the spool's files.
    public struct Queue: Encodable, Sendable {
        public var alerts: Int
        public var unspooled: Int
        public var spoolNew: Int?
        public var spoolAcked: Int?
        public var spool: String

        enum CodingKeys: String, CodingKey {
            case alerts, unspooled, spool
            case spoolNew = "spool_new"
            case spoolAcked = "spool_acked"
        }
    }

    public struct Subscriber: Encodable, Sendable {
        public var id: String
        public var format: String
        public var schedule: String
        public var summary: DeliveryStore.Summary

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(format, forKey: .format)
            try container.encode(schedule, forKey: .schedule)
            try container.encode(summary.backlog, forKey: .backlog)
            try container.encode(summary.pendingDeliveries, forKey: .pendingDeliveries)
            try container.encode(summary.delivered, forKey: .delivered)
            try container.encode(summary.deadDeliveries, forKey: .deadDeliveries)
            try container.encode(summary.deadAlerts, forKey: .deadAlerts)
            try container.encode(summary.lastDeliveryAt.map(RFC3339.string), forKey: .lastDeliveryAt)
            try container.encode(summary.lastError, forKey: .lastError)
            try container.encode(summary.lastErrorAt.map(RFC3339.string), forKey: .lastErrorAt)
            try container.encode(summary.nextAttemptAt.map(RFC3339.string), forKey: .nextAttemptAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, format, schedule, backlog, delivered
            case pendingDeliveries = "pending_deliveries"
            case deadDeliveries = "dead_deliveries"
            case deadAlerts = "dead_alerts"
            case lastDeliveryAt = "last_delivery_at"
            case lastError = "last_error"
            case lastErrorAt = "last_error_at"
            case nextAttemptAt = "next_attempt_at"
        }
    }

    public var stateDatabase: String
    public var feeds: [Feed]
    public var queue: Queue
    public var subscribers: [Subscriber]

    enum CodingKeys: String, CodingKey {
        case stateDatabase = "state_database"
        case feeds, queue, subscribers
    }

    /// Reads the state database of `config` (if a daemon has created it) for its configured feeds.
    public static func gather(config: Config) async throws(StateError) -> StatusReport {
        var states: [String: FeedState] = [:]
        var counts: [String: Int] = [:]
        var queue = Queue(alerts: 0, unspooled: 0, spool: config.alerts.spoolDirectory.path)
        let empty = DeliveryStore.Summary(backlog: 0, pendingDeliveries: 0, deadDeliveries: 0, deadAlerts: 0, delivered: 0)
        var summaries: [String: DeliveryStore.Summary] = [:]
        if let database = try StateDatabase.openIfPresent(directory: config.stateDirectory) {
            let store = FeedStore(database: database)
            states = try await store.feedStates()
            counts = try await store.entryCounts()
            do {
                (queue.alerts, queue.unspooled) = try await database.pool.read { db in
                    (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert") ?? 0, try AlertRecords.unspooledCount(db: db))
                }
            } catch {
                throw StateError(path: database.fileURL.path, operation: "count alerts", cause: error)
            }
            let deliveries = DeliveryStore(database: database)
            for subscriber in config.subscribers {
                summaries[subscriber.id] = try await deliveries.summary(subscriber.id)
            }
        }
        // Only look: a spool that does not exist yet is not created by `status`.
        let spoolNew = config.alerts.spoolDirectory.appendingPathComponent("new").path
        if FileManager.default.fileExists(atPath: spoolNew), let spool = try? AlertSpool(directory: config.alerts.spoolDirectory) {
            queue.spoolNew = try? spool.count(in: .new)
            queue.spoolAcked = try? spool.count(in: .acknowledged)
        }
        let subscribers = config.subscribers.map { subscriber in
            Subscriber(
                id: subscriber.id, format: subscriber.format.rawValue, schedule: subscriber.schedule.description,
                summary: summaries[subscriber.id] ?? empty)
        }
        let feeds = config.feeds.map { feed in
            let state = states[feed.id]
            return Feed(
                id: feed.id, url: feed.url, lastFetchAt: state?.lastFetchAt, lastSuccessAt: state?.lastSuccessAt,
                lastOutcome: state?.lastOutcome?.rawValue, lastError: state?.lastError,
                consecutiveFailures: state?.consecutiveFailures ?? 0, nextDueAt: state?.nextDueAt,
                entriesKnown: counts[feed.id] ?? 0)
        }
        return StatusReport(
            stateDatabase: config.stateDirectory.appendingPathComponent(StateDatabase.fileName).path, feeds: feeds,
            queue: queue, subscribers: subscribers)
    }

    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public func text() -> String {
        var lines = ["state: \(stateDatabase)", "", "FEED                 LAST FETCH            OUTCOME       NEXT DUE              ENTRIES  LAST ERROR"]
        for feed in feeds {
            let columns = [
                feed.id.padding(toLength: max(20, feed.id.count), withPad: " ", startingAt: 0),
                (feed.lastFetchAt.map(RFC3339.string) ?? "never").padding(toLength: 21, withPad: " ", startingAt: 0),
                (feed.lastOutcome ?? "-").padding(toLength: 13, withPad: " ", startingAt: 0),
                (feed.nextDueAt.map(RFC3339.string) ?? "now").padding(toLength: 21, withPad: " ", startingAt: 0),
                "\(feed.entriesKnown)".padding(toLength: 8, withPad: " ", startingAt: 0),
                feed.lastError ?? "",
            ]
            lines.append(columns.joined(separator: " "))
        }
        lines.append("")
        lines.append(
            "alerts: \(queue.alerts) raised, \(queue.unspooled) waiting for their file; spool \(queue.spool): "
                + "\(queue.spoolNew.map(String.init) ?? "?") new, \(queue.spoolAcked.map(String.init) ?? "?") acknowledged")
        if !subscribers.isEmpty {
            lines.append("")
            lines.append("SUBSCRIBER           SCHEDULE       BACKLOG  DELIVERED  DEAD  LAST DELIVERY         LAST ERROR")
            for subscriber in subscribers {
                let summary = subscriber.summary
                let error = summary.lastError.map { error in
                    (summary.lastErrorAt.map { RFC3339.string($0) + " " } ?? "") + error
                } ?? ""
                let columns = [
                    subscriber.id.padding(toLength: max(20, subscriber.id.count), withPad: " ", startingAt: 0),
                    subscriber.schedule.padding(toLength: 14, withPad: " ", startingAt: 0),
                    "\(summary.backlog)".padding(toLength: 8, withPad: " ", startingAt: 0),
                    "\(summary.delivered)".padding(toLength: 10, withPad: " ", startingAt: 0),
                    "\(summary.deadDeliveries)".padding(toLength: 5, withPad: " ", startingAt: 0),
                    (summary.lastDeliveryAt.map(RFC3339.string) ?? "never").padding(toLength: 21, withPad: " ", startingAt: 0),
                    error,
                ]
                lines.append(columns.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
