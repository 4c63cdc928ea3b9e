import Foundation
import GRDB

/// What the daemon remembers about one feed between polls: validators, schedule, health.
public struct FeedState: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "feed"

    /// How the last poll ended.
    public enum Outcome: String, Sendable, Codable {
        case fetched
        case notModified = "not_modified"
        case failed
        case deferred  // 429/503: the server asked us to come back later
    }

    public var id: String
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var title: String?
    public var format: String?
    public var lastFetchAt: Date?
    public var lastSuccessAt: Date?
    public var lastOutcome: Outcome?
    public var lastError: String?
    public var consecutiveFailures: Int
    public var nextDueAt: Date?
    public var entriesSeen: Int

    /// A feed never polled before: due now.
    public init(id: String, url: String) {
        self.id = id
        self.url = url
        consecutiveFailures = 0
        entriesSeen = 0
    }

    /// The validators to send, only if they were earned at this same URL.
    public func validators(for url: String) -> FeedValidators {
        guard url == self.url else { return FeedValidators(etag: nil, lastModified: nil) }
        return FeedValidators(etag: etag, lastModified: lastModified)
    }

    enum CodingKeys: String, CodingKey {
        case id, url, etag, title, format
        case lastModified = "last_modified"
        case lastFetchAt = "last_fetch_at"
        case lastSuccessAt = "last_success_at"
        case lastOutcome = "last_outcome"
        case lastError = "last_error"
        case consecutiveFailures = "consecutive_failures"
        case nextDueAt = "next_due_at"
        case entriesSeen = "entries_seen"
    }
}
