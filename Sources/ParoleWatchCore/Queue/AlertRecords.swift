import Foundation
import GRDB

/// Reads queued alerts back from the state database in the shapes their consumers need: the moderators'
/// ``Alert`` file and a subscriber's ``DigestAlert``.
public enum AlertRecords {
    /// An alert whose file is behind the database: written never, or before a repost was folded in.
    public struct Unspooled: Sendable {
        public var rowID: Int64
        public var revision: Int
        public var alert: Alert
    }

    /// Alerts whose `spooled_revision` is behind their `revision`, oldest first, at most `limit`.
    public static func unspooled(
        limit: Int, replies: SuggestedReplyTemplates, db: Database
    ) throws -> [Unspooled] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM alert WHERE spooled_revision < revision ORDER BY id LIMIT ?", arguments: [limit])
        return try rows.map { row in
            Unspooled(rowID: row["id"], revision: row["revision"], alert: try alert(from: row, replies: replies, db: db))
        }
    }

    /// Records that the file of alert `rowID` now reflects `revision` (never moves backwards).
    public static func markSpooled(rowID: Int64, revision: Int, db: Database) throws {
        try db.execute(
            sql: "UPDATE alert SET spooled_revision = MAX(spooled_revision, ?) WHERE id = ?",
            arguments: [revision, rowID])
    }

    /// How many alerts still wait for their file to be written or rewritten.
    public static func unspooledCount(db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert WHERE spooled_revision < revision") ?? 0
    }

    /// The alert with public id `id` as its file shows it, or nil.
    public static func alert(id: String, replies: SuggestedReplyTemplates, db: Database) throws -> Alert? {
        guard let rowID = AlertQueue.rowID(id),
            let row = try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE id = ?", arguments: [rowID])
        else { return nil }
        return try alert(from: row, replies: replies, db: db)
    }

    /// Builds the moderators' view of one `alert` row: the post, the rules, the reply, and the reposts folded in
    /// (every source but the first post).
    static func alert(from row: Row, replies: SuggestedReplyTemplates, db: Database) throws -> Alert {
        let rowID: Int64 = row["id"]
        let feedID: String = row["feed_id"]
        let entryKey: String = row["entry_key"]
        let sources = try Row.fetchAll(
            db,
            sql: "SELECT * FROM alert_source WHERE alert_id = ? ORDER BY seen_at, feed_id, entry_key",
            arguments: [rowID]
        )
        .filter { !($0["feed_id"] == feedID && $0["entry_key"] == entryKey) }
        .map { source in
            Alert.Source(feed: source["feed_id"], postID: source["guid"], link: source["link"], seenAt: source["seen_at"])
        }
        let feed = Alert.Feed(id: feedID, url: row["feed_url"])
        let post = Alert.Post(
            id: row["guid"], link: row["link"], title: row["title"] ?? "", text: row["text"],
            published: row["published_at"], lang: row["lang"])
        return Alert(
            id: AlertQueue.publicID(rowID),
            createdAt: row["created_at"],
            feed: feed,
            post: post,
            score: row["score"],
            threshold: row["threshold"],
            rules: rules(fromJSON: row["rules_json"]),
            suggestedReply: replies.reply(feed: feed, post: post),
            duplicates: row["duplicates"],
            sources: sources
        )
    }

    /// The alerts of `delivery_item` rows as a digest shows them, in alert order.
    static func digestAlerts(rowIDs: [Int64], db: Database) throws -> [DigestAlert] {
        guard !rowIDs.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: rowIDs.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM alert WHERE id IN (\(placeholders)) ORDER BY id",
            arguments: StatementArguments(rowIDs))
        return rows.map { row in
            DigestAlert(
                id: AlertQueue.publicID(row["id"]),
                score: row["score"],
                feedID: row["feed_id"],
                postID: row["guid"] ?? row["link"] ?? row["entry_key"],
                link: row["link"] ?? "",
                title: row["title"] ?? "",
                excerpt: excerpt(of: row["text"]),
                rules: rules(fromJSON: row["rules_json"]).map(\.id).filter { !$0.hasPrefix("__") },
                lang: row["lang"]
            )
        }
    }

    /// The start of a post's text on one line: whitespace runs become one space, at most `limit` characters.
    static func excerpt(of text: String, limit: Int = 280) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        var result = ""
        for word in words {
            if result.count + word.count + 1 > limit {
                return result.isEmpty ? String(word.prefix(limit - 1)) + "…" : result + " …"
            }
            result += result.isEmpty ? String(word) : " " + word
        }
        return result
    }

    /// Decodes the `rules_json` column: the scorer's rule objects with descriptions, the keys of `Alert.Rule`.
    static func rules(fromJSON json: String) -> [Alert.Rule] {
        (try? JSONDecoder().decode([Alert.Rule].self, from: Data(json.utf8))) ?? []
    }
}
