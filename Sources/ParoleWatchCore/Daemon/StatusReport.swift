import Foundation

/// What `status` shows: per configured feed its last fetch, last error and next due time.
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

    public var stateDatabase: String
    public var feeds: [Feed]

    enum CodingKeys: String, CodingKey {
        case stateDatabase = "state_database"
        case feeds
    }

    /// Reads the state database of `config` (if a daemon has created it) for its configured feeds.
    public static func gather(config: Config) async throws(StateError) -> StatusReport {
        var states: [String: FeedState] = [:]
        var counts: [String: Int] = [:]
        if let database = try StateDatabase.openIfPresent(directory: config.stateDirectory) {
            let store = FeedStore(database: database)
            states = try await store.feedStates()
            counts = try await store.entryCounts()
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
            stateDatabase: config.stateDirectory.appendingPathComponent(StateDatabase.fileName).path, feeds: feeds)
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
        return lines.joined(separator: "\n") + "\n"
    }
}
