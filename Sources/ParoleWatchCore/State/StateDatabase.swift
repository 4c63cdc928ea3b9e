import Foundation
import GRDB

/// The SQLite state file in `state_dir`: feed validators and schedule, seen entries.
///
/// One `DatabasePool` per file (WAL, `synchronous=FULL`, foreign keys on), migrated on open.
/// GRDB's async `read`/`write` run on GRDB's own queues, never blocking the cooperative pool.
public struct StateDatabase: Sendable {
    /// The file name inside `state_dir`.
    public static let fileName = "parolewatch.sqlite"

    /// The pool; shared by every store built on this database.
    public let pool: DatabasePool
    /// Where the database file lives.
    public let fileURL: URL

    /// Opens (creating the folder and file if needed) and migrates the database in `directory`.
    public init(directory: URL) throws(StateError) {
        let fileURL = directory.appendingPathComponent(Self.fileName)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(path: directory.path, operation: "create the state directory", cause: error)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            let pool = try DatabasePool(path: fileURL.path, configuration: configuration)
            try Self.migrator.migrate(pool)
            // GRDB sets NORMAL on the pool's writer after `prepareDatabase`; durability of every
            // commit (a seen entry, later an alert) needs FULL. Only the writer connection commits.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            self.pool = pool
            self.fileURL = fileURL
        } catch {
            throw StateError(path: fileURL.path, operation: "open the state database", cause: error)
        }
    }

    /// Opens an existing database read-only, for commands that only look (`status`).
    /// Returns `nil` when no daemon has created it yet.
    public static func openIfPresent(directory: URL) throws(StateError) -> StateDatabase? {
        let fileURL = directory.appendingPathComponent(Self.fileName)
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return nil }
        return try StateDatabase(directory: directory)
    }

    /// Migrations are append-only: never edit a shipped one, add the next.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-feeds-and-entries") { db in
            try db.create(table: "feed") { t in
                t.primaryKey("id", .text)
                t.column("url", .text).notNull()
                t.column("etag", .text)
                t.column("last_modified", .text)
                t.column("title", .text)
                t.column("format", .text)
                t.column("last_fetch_at", .datetime)
                t.column("last_success_at", .datetime)
                t.column("last_outcome", .text)
                t.column("last_error", .text)
                t.column("consecutive_failures", .integer).notNull().defaults(to: 0)
                t.column("next_due_at", .datetime)
                t.column("entries_seen", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "entry") { t in
                t.column("feed_id", .text).notNull()
                t.column("key", .text).notNull()
                t.column("guid", .text)
                t.column("link", .text)
                t.column("title", .text)
                t.column("published_at", .datetime)
                t.column("content_hash", .text).notNull()
                t.column("first_seen_at", .datetime).notNull()
                t.column("last_seen_at", .datetime).notNull()
                t.column("revision", .integer).notNull().defaults(to: 1)
                t.primaryKey(["feed_id", "key"])
            }
        }
        migrator.registerMigration("v2-scores-alerts-deliveries") { db in
            try db.alter(table: "entry") { t in
                t.add(column: "score", .double)
            }
            // One row per alert; its public id is "A" + the zero-padded row id, assigned here, never changed.
            try db.create(table: "alert") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("created_at", .datetime).notNull()
                t.column("feed_id", .text).notNull()
                t.column("feed_url", .text).notNull()
                t.column("entry_key", .text).notNull()
                t.column("guid", .text)
                t.column("link", .text)
                t.column("title", .text)
                t.column("text", .text).notNull()
                t.column("published_at", .datetime)
                t.column("lang", .text)
                t.column("score", .double).notNull()
                t.column("threshold", .double).notNull()
                t.column("rules_json", .text).notNull()
                t.column("text_hash", .text).notNull().indexed()
                t.column("min_hash", .blob).notNull()
                t.column("word_count", .integer).notNull()
                t.column("duplicates", .integer).notNull().defaults(to: 0)
                // The alert file reflects `spooled_revision`; the spooler catches up when it is behind.
                t.column("revision", .integer).notNull().defaults(to: 1)
                t.column("spooled_revision", .integer).notNull().defaults(to: 0)
            }
            // Every post folded into an alert, the first one included: one alert per post.
            try db.create(table: "alert_source") { t in
                t.column("alert_id", .integer).notNull().references("alert", onDelete: .cascade)
                t.column("feed_id", .text).notNull()
                t.column("entry_key", .text).notNull()
                t.column("guid", .text)
                t.column("link", .text)
                t.column("seen_at", .datetime).notNull()
                t.primaryKey(["feed_id", "entry_key"])
            }
            try db.create(index: "alert_source_by_alert", on: "alert_source", columns: ["alert_id"])
            // One row per (alert, subscriber) whose filters the alert passed; `delivery_id` is set when the
            // alert is put into a digest, so it travels in exactly one delivery.
            try db.create(table: "delivery_item") { t in
                t.column("alert_id", .integer).notNull().references("alert", onDelete: .cascade)
                t.column("subscriber_id", .text).notNull()
                t.column("delivery_id", .text)
                t.primaryKey(["alert_id", "subscriber_id"])
            }
            try db.create(index: "delivery_item_pending", on: "delivery_item", columns: ["subscriber_id", "delivery_id"])
        }
        migrator.registerMigration("v3-webhook-deliveries") { db in
            // One row per webhook delivery (one digest part): its id is the `webhook-id` of every attempt, its
            // body the exact bytes signed and sent each time.
            try db.create(table: "delivery") { t in
                t.primaryKey("id", .text)
                t.column("subscriber_id", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("body", .blob).notNull()
                t.column("alert_count", .integer).notNull()
                t.column("state", .text).notNull()  // pending | delivered | dead
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .datetime).notNull()
                t.column("retry_after_until", .datetime)
                t.column("last_attempt_at", .datetime)
                t.column("last_status", .integer)
                t.column("last_error", .text)
                t.column("delivered_at", .datetime)
            }
            try db.create(index: "delivery_by_subscriber", on: "delivery", columns: ["subscriber_id", "state"])
            // What the daemon remembers of each subscriber it has served: when it was first configured (the
            // anchor of `every` schedules) and its last digest.
            try db.create(table: "subscriber") { t in
                t.primaryKey("id", .text)
                t.column("first_seen_at", .datetime).notNull()
                t.column("last_digest_at", .datetime)
            }
        }
        return migrator
    }
}
