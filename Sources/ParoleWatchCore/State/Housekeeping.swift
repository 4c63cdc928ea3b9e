import Foundation
import GRDB

/// Keeps the state database from growing without bound: forgets entries long gone from their feeds and
/// webhook deliveries long delivered, then gives the freed space back to the file system when it is a large part
/// of the file.
///
/// What is never pruned: alerts and their sources (they make a repost of an old rumor fold into its alert instead
/// of alerting again, and a re-appearing alerted post stay known), pending and dead deliveries, and the alerts
/// still waiting for a subscriber.
public enum Housekeeping {
    /// How long things are kept.
    public struct Retention: Sendable, Equatable {
        /// An entry not seen in its feed for this long is forgotten (default 90 days). Were it to reappear, it would
        /// be scored again; an alerted one is still known by its alert and alerts nothing new.
        public var entries: TimeInterval
        /// A delivered webhook delivery (its body and alert assignments) is forgotten this long after its 2xx
        /// (default 30 days).
        public var deliveredDeliveries: TimeInterval
        /// `VACUUM` when free pages are at least this fraction of a file of at least `vacuumMinimumBytes`.
        public var vacuumFreeFraction: Double
        public var vacuumMinimumBytes: Int

        public static let standard = Retention(
            entries: 90 * 86_400, deliveredDeliveries: 30 * 86_400, vacuumFreeFraction: 0.25,
            vacuumMinimumBytes: 8 * 1_048_576)

        public init(entries: TimeInterval, deliveredDeliveries: TimeInterval, vacuumFreeFraction: Double, vacuumMinimumBytes: Int) {
            self.entries = entries
            self.deliveredDeliveries = deliveredDeliveries
            self.vacuumFreeFraction = vacuumFreeFraction
            self.vacuumMinimumBytes = vacuumMinimumBytes
        }
    }

    /// What one pass did.
    public struct Report: Sendable, Equatable {
        public var entriesPruned = 0
        public var deliveriesPruned = 0
        public var vacuumed = false
        /// The database file's size after the pass, in bytes.
        public var databaseBytes = 0
    }

    /// Prunes what `retention` allows at `now`, and vacuums when worth it.
    public static func run(
        _ database: StateDatabase, retention: Retention = .standard, now: Date = Date()
    ) async throws(StateError) -> Report {
        var report = Report()
        do {
            (report.entriesPruned, report.deliveriesPruned) = try await database.pool.write { db in
                try db.execute(
                    sql: "DELETE FROM entry WHERE last_seen_at < ?", arguments: [now.addingTimeInterval(-retention.entries)])
                let entries = db.changesCount
                let cutoff = now.addingTimeInterval(-retention.deliveredDeliveries)
                try db.execute(
                    sql: """
                        DELETE FROM delivery_item WHERE delivery_id IN
                            (SELECT id FROM delivery WHERE state = 'delivered' AND delivered_at < ?)
                        """,
                    arguments: [cutoff])
                try db.execute(
                    sql: "DELETE FROM delivery WHERE state = 'delivered' AND delivered_at < ?", arguments: [cutoff])
                return (entries, db.changesCount)
            }
            let (pages, free, pageSize) = try await database.pool.read { db in
                (
                    try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                )
            }
            if pages * pageSize >= retention.vacuumMinimumBytes, Double(free) >= Double(pages) * retention.vacuumFreeFraction {
                try await database.pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
                report.vacuumed = true
            }
            report.databaseBytes = try await database.pool.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
            }
        } catch {
            throw StateError(path: database.fileURL.path, operation: "prune old state", cause: error)
        }
        return report
    }
}
