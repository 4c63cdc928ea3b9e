import Foundation

/// A snapshot of the polling loop, for `STATUS=` (`systemctl status`) and logs.
public struct PollStatus: Sendable, Equatable {
    /// Feeds configured now.
    public var feeds: Int
    /// Polls running now.
    public var inFlight: Int
    /// Configured feeds whose last poll failed.
    public var failingFeeds: Int
    /// The most recent dispatch round (nil before the first one ends).
    public var lastRound: PollCycleReport?
    /// When that round ended.
    public var lastRoundEndedAt: Date?

    /// Memberwise.
    public init(
        feeds: Int,
        inFlight: Int,
        failingFeeds: Int,
        lastRound: PollCycleReport?,
        lastRoundEndedAt: Date?
    ) {
        self.feeds = feeds
        self.inFlight = inFlight
        self.failingFeeds = failingFeeds
        self.lastRound = lastRound
        self.lastRoundEndedAt = lastRoundEndedAt
    }

    /// `3 feeds (0 failing); last poll 2026-12-01T05:41:02Z: 3 fetched, 0 not modified, 0 failed`, or
    /// `…; no poll finished yet`.
    public var summary: String {
        var text = "\(feeds) feeds (\(failingFeeds) failing"
        text += inFlight > 0 ? ", \(inFlight) polling)" : ")"
        guard let round = lastRound, let ended = lastRoundEndedAt else { return text + "; no poll finished yet" }
        return text
            + "; last poll \(RFC3339.string(ended)): \(round.count(.fetched)) fetched, "
            + "\(round.count(.notModified)) not modified, \(round.count(.failed) + round.count(.deferred)) failed"
    }
}
