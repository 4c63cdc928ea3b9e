import Foundation
import GRDB

/// The webhook side of the queue in the state database: which alerts wait for each subscriber, the deliveries
/// (digest parts) made of them, and every attempt's outcome.
///
/// The invariant that makes "exactly once per `webhook-id`" hold across crashes: an alert's `delivery_item` gets
/// its `delivery_id` in the same transaction that creates that delivery with its final body, and a delivery's
/// body and id never change afterwards. Retries resend the stored body under the stored id.
public struct DeliveryStore: Sendable {
    let database: StateDatabase

    public init(database: StateDatabase) {
        self.database = database
    }

    /// What the store remembers of a subscriber, created on first sight (`now` anchors its `every` schedule).
    public struct SubscriberRecord: Sendable, Equatable {
        public var firstSeenAt: Date
        public var lastDigestAt: Date?
    }

    /// Reads first: the delivery loop asks every second, and only a new subscriber needs a write.
    public func subscriber(_ id: String, now: Date) async throws(StateError) -> SubscriberRecord {
        if let known = try await read("read subscriber '\(id)'", { db in try Self.subscriberRecord(id, db: db) }) {
            return known
        }
        return try await write("record subscriber '\(id)'") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO subscriber (id, first_seen_at) VALUES (?, ?)", arguments: [id, now])
            return try Self.subscriberRecord(id, db: db)!
        }
    }

    private static func subscriberRecord(_ id: String, db: Database) throws -> SubscriberRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM subscriber WHERE id = ?", arguments: [id]).map { row in
            SubscriberRecord(firstSeenAt: row["first_seen_at"], lastDigestAt: row["last_digest_at"])
        }
    }

    /// How many alerts wait for `subscriberID` outside any delivery.
    public func undigestedCount(_ subscriberID: String) async throws(StateError) -> Int {
        try await read("count pending alerts of '\(subscriberID)'") { db in
            try Self.undigestedCount(subscriberID, db: db)
        }
    }

    /// The alerts waiting for `subscriberID` outside any delivery, as its digest would show them.
    public func undigestedAlerts(_ subscriberID: String) async throws(StateError) -> [DigestAlert] {
        try await read("read pending alerts of '\(subscriberID)'") { db in
            try AlertRecords.digestAlerts(rowIDs: Self.undigestedRowIDs(subscriberID, db: db), db: db)
        }
    }

    /// Turns every alert waiting for the subscriber into deliveries, in one transaction: builds the digest parts,
    /// stores each with a new `webhook-id`, assigns every alert to its part, and records the digest time.
    /// Returns the new deliveries (none when nothing waited).
    public func makeDigest(
        for subscriberID: String, builder: DigestBuilder, now: Date
    ) async throws(StateError) -> [Delivery] {
        try await write("make a digest for '\(subscriberID)'") { db in
            let rowIDs = try Self.undigestedRowIDs(subscriberID, db: db)
            try db.execute(sql: "UPDATE subscriber SET last_digest_at = ? WHERE id = ?", arguments: [now, subscriberID])
            guard !rowIDs.isEmpty else { return [] }
            let alerts = try AlertRecords.digestAlerts(rowIDs: rowIDs, db: db)
            var deliveries: [Delivery] = []
            for part in builder.parts(for: alerts, at: now) {
                let id = Delivery.newID()
                try db.execute(
                    sql: """
                        INSERT INTO delivery (id, subscriber_id, created_at, body, alert_count, state, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?)
                        """,
                    arguments: [id, subscriberID, now, Data(part.body), part.alertIDs.count, now])
                for alertID in part.alertIDs.compactMap(AlertQueue.rowID) {
                    try db.execute(
                        sql: "UPDATE delivery_item SET delivery_id = ? WHERE alert_id = ? AND subscriber_id = ?",
                        arguments: [id, alertID, subscriberID])
                }
                deliveries.append(
                    Delivery(row: try Row.fetchOne(db, sql: "SELECT * FROM delivery WHERE id = ?", arguments: [id])!))
            }
            return deliveries
        }
    }

    /// The subscriber's pending deliveries, oldest first; with `dueBy`, only those whose next attempt has come.
    public func pending(_ subscriberID: String, dueBy: Date? = nil) async throws(StateError) -> [Delivery] {
        try await read("read deliveries of '\(subscriberID)'") { db in
            var sql = "SELECT * FROM delivery WHERE subscriber_id = ? AND state = 'pending'"
            var arguments: StatementArguments = [subscriberID]
            if let dueBy {
                sql += " AND next_attempt_at <= ?"
                arguments += [dueBy]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY created_at, rowid", arguments: arguments)
                .map(Delivery.init(row:))
        }
    }

    /// The earliest next attempt among the subscriber's pending deliveries.
    public func nextAttempt(_ subscriberID: String) async throws(StateError) -> Date? {
        try await read("read deliveries of '\(subscriberID)'") { db in
            try Date.fetchOne(
                db, sql: "SELECT MIN(next_attempt_at) FROM delivery WHERE subscriber_id = ? AND state = 'pending'",
                arguments: [subscriberID])
        }
    }

    /// Records a 2xx answer.
    public func markDelivered(_ id: String, status: Int, at now: Date) async throws(StateError) {
        try await write("record delivery \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE delivery SET state = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
                        last_status = ?, last_error = NULL, delivered_at = ?, retry_after_until = NULL
                    WHERE id = ?
                    """,
                arguments: [now, status, now, id])
        }
    }

    /// Records a failed attempt: the next one at `nextAttempt`, or dead when that is nil.
    public func markFailed(
        _ id: String, status: Int?, reason: String, nextAttempt: Date?, retryAfterUntil: Date?, at now: Date
    ) async throws(StateError) {
        try await write("record delivery \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE delivery SET state = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?,
                        last_error = ?, next_attempt_at = ?, retry_after_until = ?
                    WHERE id = ?
                    """,
                arguments: [
                    nextAttempt == nil ? "dead" : "pending", now, status, reason, nextAttempt ?? now, retryAfterUntil, id,
                ])
        }
    }

    /// Makes the subscriber's dead deliveries pending again, due now, with a fresh retry schedule (same ids,
    /// same bodies). Returns how many.
    public func revive(_ subscriberID: String, now: Date) async throws(StateError) -> Int {
        try await write("resend dead deliveries of '\(subscriberID)'") { db in
            try db.execute(
                sql: """
                    UPDATE delivery SET state = 'pending', attempts = 0, next_attempt_at = ?, retry_after_until = NULL
                    WHERE subscriber_id = ? AND state = 'dead'
                    """,
                arguments: [now, subscriberID])
            return db.changesCount
        }
    }

    /// What `status` shows of one subscriber.
    public struct Summary: Sendable, Equatable {
        /// Alerts not yet delivered: waiting for a digest, or in a pending delivery.
        public var backlog: Int
        public var pendingDeliveries: Int
        public var deadDeliveries: Int
        public var deadAlerts: Int
        public var delivered: Int
        public var lastDeliveryAt: Date?
        public var lastError: String?
        public var lastErrorAt: Date?
        public var nextAttemptAt: Date?
    }

    public func summary(_ subscriberID: String) async throws(StateError) -> Summary {
        try await read("summarize deliveries of '\(subscriberID)'") { db in
            let waiting = try Self.undigestedCount(subscriberID, db: db)
            let counts = try Row.fetchAll(
                db,
                sql: """
                    SELECT state, COUNT(*) AS n, SUM(alert_count) AS alerts, MAX(delivered_at) AS last_delivered,
                        MIN(next_attempt_at) AS next_attempt
                    FROM delivery WHERE subscriber_id = ? GROUP BY state
                    """,
                arguments: [subscriberID])
            var summary = Summary(backlog: waiting, pendingDeliveries: 0, deadDeliveries: 0, deadAlerts: 0, delivered: 0)
            for row in counts {
                switch Delivery.State(rawValue: row["state"]) {
                case .pending:
                    summary.pendingDeliveries = row["n"]
                    summary.backlog += row["alerts"] as Int? ?? 0
                    summary.nextAttemptAt = row["next_attempt"]
                case .dead:
                    summary.deadDeliveries = row["n"]
                    summary.deadAlerts = row["alerts"] as Int? ?? 0
                case .delivered:
                    summary.delivered = row["n"]
                    summary.lastDeliveryAt = row["last_delivered"]
                case nil:
                    break
                }
            }
            if let failure = try Row.fetchOne(
                db,
                sql: """
                    SELECT last_error, last_attempt_at FROM delivery
                    WHERE subscriber_id = ? AND last_error IS NOT NULL AND state != 'delivered'
                    ORDER BY last_attempt_at DESC LIMIT 1
                    """,
                arguments: [subscriberID])
            {
                summary.lastError = failure["last_error"]
                summary.lastErrorAt = failure["last_attempt_at"]
            }
            return summary
        }
    }

    private static func undigestedCount(_ subscriberID: String, db: Database) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM delivery_item WHERE subscriber_id = ? AND delivery_id IS NULL",
            arguments: [subscriberID]) ?? 0
    }

    private static func undigestedRowIDs(_ subscriberID: String, db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: "SELECT alert_id FROM delivery_item WHERE subscriber_id = ? AND delivery_id IS NULL ORDER BY alert_id",
            arguments: [subscriberID])
    }

    private func read<T: Sendable>(
        _ operation: String, _ body: @Sendable @escaping (Database) throws -> T
    ) async throws(StateError) -> T {
        do {
            return try await database.pool.read(body)
        } catch {
            throw StateError(path: database.fileURL.path, operation: operation, cause: error)
        }
    }

    private func write<T: Sendable>(
        _ operation: String, _ body: @Sendable @escaping (Database) throws -> T
    ) async throws(StateError) -> T {
        do {
            return try await database.pool.write(body)
        } catch {
            throw StateError(path: database.fileURL.path, operation: operation, cause: error)
        }
    }
}
