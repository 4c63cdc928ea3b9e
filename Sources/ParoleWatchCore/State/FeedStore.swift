import Foundation
import GRDB

/// Entries of one successful fetch, split by what the store already knew.
public struct StoredEntries: Sendable, Equatable {
    /// Never seen before under this feed: to be scored.
    public var new: [FeedEntry] = []
    /// Seen before under the same key but with a different title, link or text: to be scored again.
    public var edited: [FeedEntry] = []
    /// Seen before, unchanged: nothing to do.
    public var unchanged = 0
    /// Repeated keys inside the same document, ignored after the first.
    public var repeated = 0
    /// What the new-entry handler reported (alerts recorded by the daemon's handler).
    public var handled = NewEntryOutcome()

    public init() {}
}

/// What a new-entry handler did with a batch of entries.
public struct NewEntryOutcome: Sendable, Equatable {
    /// Alerts created.
    public var newAlerts = 0
    /// Entries folded into an existing alert as reposts.
    public var foldedReposts = 0

    public init(newAlerts: Int = 0, foldedReposts: Int = 0) {
        self.newAlerts = newAlerts
        self.foldedReposts = foldedReposts
    }
}

/// Handles new and edited entries inside the transaction that marks them seen.
public typealias NewEntryHandler = @Sendable (Database, [FeedEntry]) throws -> NewEntryOutcome

/// Reads and writes feed state and seen entries. Each poll result is one transaction.
public struct FeedStore: Sendable {
    let database: StateDatabase

    public init(database: StateDatabase) {
        self.database = database
    }

    /// Every feed row, by id (configured or not: a feed removed from the config keeps its history).
    public func feedStates() async throws(StateError) -> [String: FeedState] {
        do {
            let rows = try await database.pool.read { db in try FeedState.fetchAll(db) }
            return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw StateError(path: database.fileURL.path, operation: "read feed state", cause: error)
        }
    }

    /// Saves the feed's new state and, for a fetched document, its entries, in one transaction.
    /// Returns which entries are new or edited; re-running it with the same entries finds nothing new,
    /// which is what makes a restart never re-process a seen entry.
    ///
    /// `handleNewEntries` runs inside that same transaction with the new and edited entries (the daemon
    /// scores them and queues alerts there), so an entry is never marked seen without being handled:
    /// if anything fails, nothing of this poll is recorded and the next poll offers the entries again.
    public func record(
        _ state: FeedState,
        entries: [FeedEntry],
        seenAt now: Date,
        handleNewEntries: NewEntryHandler? = nil
    ) async throws(StateError) -> StoredEntries {
        do {
            return try await database.pool.write { db in
                var stored = try Self.storeEntries(entries, feedID: state.id, now: now, db: db)
                if let handleNewEntries, !(stored.new.isEmpty && stored.edited.isEmpty) {
                    stored.handled = try handleNewEntries(db, stored.new + stored.edited)
                }
                var state = state
                state.entriesSeen += stored.new.count
                try state.save(db)
                stored.unchanged = entries.count - stored.new.count - stored.edited.count - stored.repeated
                return stored
            }
        } catch {
            throw StateError(path: database.fileURL.path, operation: "record poll of feed '\(state.id)'", cause: error)
        }
    }

    private static func storeEntries(
        _ entries: [FeedEntry],
        feedID: String,
        now: Date,
        db: Database
    ) throws -> StoredEntries {
        var stored = StoredEntries()
        var keysInDocument = Set<String>()
        let select = try db.cachedStatement(
            sql: "SELECT content_hash FROM entry WHERE feed_id = ? AND key = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO entry (feed_id, key, guid, link, title, published_at, content_hash, first_seen_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let edit = try db.cachedStatement(
            sql: """
                UPDATE entry SET content_hash = ?, link = ?, title = ?, last_seen_at = ?, revision = revision + 1
                WHERE feed_id = ? AND key = ?
                """)
        let touch = try db.cachedStatement(
            sql: "UPDATE entry SET last_seen_at = ? WHERE feed_id = ? AND key = ?")
        for entry in entries {
            let identity = EntryIdentity(entry)
            guard keysInDocument.insert(identity.key).inserted else {
                stored.repeated += 1
                continue
            }
            let known = try String.fetchOne(select, arguments: [feedID, identity.key])
            switch known {
            case nil:
                try insert.execute(arguments: [
                    feedID, identity.key, entry.id, entry.link, entry.title, entry.published,
                    identity.contentHash, now, now,
                ])
                stored.new.append(entry)
            case identity.contentHash?:
                try touch.execute(arguments: [now, feedID, identity.key])
            default:
                try edit.execute(arguments: [
                    identity.contentHash, entry.link, entry.title, now, feedID, identity.key,
                ])
                stored.edited.append(entry)
            }
        }
        return stored
    }

    /// Saves only the feed's state (a 304, a failure, a deferral).
    public func record(_ state: FeedState) async throws(StateError) {
        do {
            try await database.pool.write { db in try state.save(db) }
        } catch {
            throw StateError(path: database.fileURL.path, operation: "record poll of feed '\(state.id)'", cause: error)
        }
    }

    /// How many entries the store knows for each feed.
    public func entryCounts() async throws(StateError) -> [String: Int] {
        do {
            return try await database.pool.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT feed_id, COUNT(*) AS n FROM entry GROUP BY feed_id")
                var counts: [String: Int] = [:]
                for row in rows { counts[row["feed_id"]] = row["n"] }
                return counts
            }
        } catch {
            throw StateError(path: database.fileURL.path, operation: "count entries", cause: error)
        }
    }
}
