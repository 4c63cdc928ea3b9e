import Foundation

/// What one poll of one feed did, for logs, `run --once` and the cycle summary.
public struct FeedPollReport: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case fetched
        case notModified = "not_modified"
        case deferred
        case failed
        case cancelled
    }

    public var feedID: String
    public var outcome: Outcome
    public var format: String?
    public var entries = 0
    public var newEntries = 0
    public var editedEntries = 0
    /// Alerts created from this poll's new or edited entries.
    public var newAlerts = 0
    /// Entries that alerted and were folded into an existing alert as reposts.
    public var foldedReposts = 0
    /// Non-fatal parse problems ("bozo" warnings).
    public var warnings: [String] = []
    /// Why the poll failed or was deferred.
    public var error: String?
    public var duration: Duration = .zero
    public var nextDueAt: Date?

    public init(feedID: String, outcome: Outcome) {
        self.feedID = feedID
        self.outcome = outcome
    }
}

/// The sum of a set of polls: one cycle of `run --once`, or one dispatch round of the daemon.
public struct PollCycleReport: Sendable, Equatable {
    public var feeds: [FeedPollReport] = []
    public var duration: Duration = .zero

    public init(feeds: [FeedPollReport] = [], duration: Duration = .zero) {
        self.feeds = feeds
        self.duration = duration
    }

    public func count(_ outcome: FeedPollReport.Outcome) -> Int { feeds.count { $0.outcome == outcome } }
    public var newEntries: Int { feeds.reduce(0) { $0 + $1.newEntries } }
    public var editedEntries: Int { feeds.reduce(0) { $0 + $1.editedEntries } }
    public var newAlerts: Int { feeds.reduce(0) { $0 + $1.newAlerts } }
    public var foldedReposts: Int { feeds.reduce(0) { $0 + $1.foldedReposts } }
    public var entries: Int { feeds.reduce(0) { $0 + $1.entries } }
}
