import Foundation
import GRDB

/// A post that alerted, ready to be queued.
public struct NewAlert: Sendable, Equatable {
    public var feedID: String
    public var feedURL: String
    /// The entry's stable key in its feed (`EntryIdentity.key`).
    public var entryKey: String
    public var guid: String?
    public var link: String?
    public var title: String?
    public var text: String
    public var published: Date?
    public var language: String?
    public var score: Double
    public var threshold: Double
    /// The fired rules as a JSON array (`score --jsonl`'s shape, with descriptions).
    public var rulesJSON: String
    public var fingerprint: TextFingerprint

    public init(
        feedID: String, feedURL: String, entryKey: String, guid: String?, link: String?, title: String?, text: String,
        published: Date?, language: String?, score: Double, threshold: Double, rulesJSON: String,
        fingerprint: TextFingerprint
    ) {
        self.feedID = feedID
        self.feedURL = feedURL
        self.entryKey = entryKey
        self.guid = guid
        self.link = link
        self.title = title
        self.text = text
        self.published = published
        self.language = language
        self.score = score
        self.threshold = threshold
        self.rulesJSON = rulesJSON
        self.fingerprint = fingerprint
    }
}

/// The durable alert queue in the state database.
///
/// `enqueue` runs inside the transaction that marks the post seen: it either creates the alert (its id
/// assigned there, never changed) with one pending delivery item per subscriber whose filters it passes,
/// or folds the post into the alert of the same rumor (same normalized words, or a near-duplicate by
/// MinHash, see `TextFingerprint`) as a repost. Writing files and sending webhooks happen afterwards, idempotently, from what
/// this records.
public enum AlertQueue {
    /// What `enqueue` did.
    public enum Outcome: Sendable, Equatable {
        case created(alertID: Int64)
        case folded(intoAlertID: Int64)
        /// The post already belongs to an alert (an edit of an alerted post): nothing new.
        case alreadyKnown(alertID: Int64)
    }

    /// How far back a repost is looked for among alerts (by creation time).
    public static let groupingWindow: TimeInterval = 30 * 24 * 3600

    /// The public id of an alert row: `A000042`.
    public static func publicID(_ rowID: Int64) -> String {
        let digits = String(rowID)
        return "A" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The row id of a public alert id, or nil when `id` is not one.
    public static func rowID(_ id: String) -> Int64? {
        guard id.first == "A" || id.first == "a" else { return nil }
        return Int64(id.dropFirst()).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Queues `alert` (see the type's documentation). Call inside a write transaction.
    public static func enqueue(
        _ alert: NewAlert,
        subscribers: [SubscriberConfig],
        now: Date,
        db: Database
    ) throws -> Outcome {
        if let known = try Int64.fetchOne(
            db, sql: "SELECT alert_id FROM alert_source WHERE feed_id = ? AND entry_key = ?",
            arguments: [alert.feedID, alert.entryKey])
        {
            return .alreadyKnown(alertID: known)
        }
        if let existing = try groupWith(alert, now: now, db: db) {
            try db.execute(
                sql: "UPDATE alert SET duplicates = duplicates + 1, revision = revision + 1 WHERE id = ?",
                arguments: [existing])
            try insertSource(alert, alertID: existing, now: now, db: db)
            return .folded(intoAlertID: existing)
        }
        try db.execute(
            sql: """
                INSERT INTO alert (created_at, feed_id, feed_url, entry_key, guid, link, title, text, published_at,
                    lang, score, threshold, rules_json, text_hash, min_hash, word_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                now, alert.feedID, alert.feedURL, alert.entryKey, alert.guid, alert.link, alert.title, alert.text,
                alert.published, alert.language, alert.score, alert.threshold, alert.rulesJSON,
                alert.fingerprint.exact, Data(alert.fingerprint.signatureBytes), alert.fingerprint.wordCount,
            ])
        let alertID = db.lastInsertedRowID
        try insertSource(alert, alertID: alertID, now: now, db: db)
        for subscriber in subscribers where passes(alert, subscriber) {
            try db.execute(
                sql: "INSERT INTO delivery_item (alert_id, subscriber_id) VALUES (?, ?)",
                arguments: [alertID, subscriber.id])
        }
        return .created(alertID: alertID)
    }

    /// A subscriber's filters: `min_score`, and `languages` (a post of unknown language passes, since
    /// nothing says it is outside the list).
    public static func passes(_ alert: NewAlert, _ subscriber: SubscriberConfig) -> Bool {
        if let minimum = subscriber.minScore, alert.score < minimum { return false }
        if let languages = subscriber.languages, let language = alert.language, !languages.contains(language) {
            return false
        }
        return true
    }

    private static func groupWith(_ alert: NewAlert, now: Date, db: Database) throws -> Int64? {
        if let exact = try Int64.fetchOne(
            db, sql: "SELECT id FROM alert WHERE text_hash = ? ORDER BY id LIMIT 1", arguments: [alert.fingerprint.exact])
        {
            return exact
        }
        guard alert.fingerprint.wordCount >= TextFingerprint.minimumWordsForNearDuplicates else { return nil }
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT id, text_hash, min_hash, word_count FROM alert WHERE created_at >= ? AND word_count >= ? ORDER BY id",
            arguments: [now.addingTimeInterval(-groupingWindow), TextFingerprint.minimumWordsForNearDuplicates])
        var best: (id: Int64, similarity: Double)?
        while let row = try rows.next() {
            let stored = TextFingerprint(
                exact: row["text_hash"], signature: TextFingerprint.signature(fromBytes: Array(row["min_hash"] as Data)),
                wordCount: row["word_count"])
            let similarity = stored.similarity(to: alert.fingerprint)
            if stored.matches(alert.fingerprint), similarity > (best?.similarity ?? -1) {
                best = (row["id"], similarity)
            }
        }
        return best?.id
    }

    private static func insertSource(_ alert: NewAlert, alertID: Int64, now: Date, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO alert_source (alert_id, feed_id, entry_key, guid, link, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [alertID, alert.feedID, alert.entryKey, alert.guid, alert.link, now])
    }
}
