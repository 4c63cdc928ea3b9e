import Foundation

/// Which feeds exist, what the store knows of each, and which are being polled right now (and since when).
///
/// A plain value guarded by `PollService`'s `Mutex`; every method is synchronous and cheap.
struct PollSchedule {
    var feeds: [FeedConfig]
    var states: [String: FeedState]
    /// Polls running, by feed id, with the time they were dispatched.
    var inFlight: [String: ContinuousClock.Instant] = [:]
    /// The timing in effect; kept to notice changed intervals on `apply`.
    var timing: PollTiming

    /// Feeds due at `now` and not already in flight; marks them in flight.
    mutating func takeDue(at now: Date) -> [(FeedConfig, FeedState?)] {
        var due: [(FeedConfig, FeedState?)] = []
        let started = ContinuousClock.now
        for feed in feeds where inFlight[feed.id] == nil {
            let state = states[feed.id]
            if (state?.nextDueAt ?? .distantPast) <= now {
                inFlight[feed.id] = started
                due.append((feed, state))
            }
        }
        return due
    }

    /// The earliest moment a feed not in flight becomes due.
    func nextDue() -> Date? {
        feeds.lazy.filter { inFlight[$0.id] == nil }
            .map { states[$0.id]?.nextDueAt ?? .distantPast }.min()
    }

    /// True when a poll has been running longer than `limit`: the transfer or the database is stuck.
    func hasStuckPoll(at now: ContinuousClock.Instant, limit: Duration) -> Bool {
        inFlight.values.contains { now - $0 > limit }
    }

    /// Feeds configured now that are failing (at least one consecutive failure).
    var failingFeeds: Int {
        feeds.count { (states[$0.id]?.consecutiveFailures ?? 0) > 0 }
    }

    /// Puts a new feed list and timing in effect without losing what is known or in flight:
    /// - a feed not in the previous list (new, or back after removal) and a feed whose URL changed are due now,
    ///   unless its server asked us (`Retry-After`) to wait and the URL is the same;
    /// - a feed whose interval changed (its own, or `poll.interval` for feeds without one) is rescheduled from its
    ///   last fetch, when it is healthy (failing feeds keep their backoff);
    /// - a removed feed is no longer dispatched; a poll of it already running finishes and is recorded.
    mutating func apply(feeds newFeeds: [FeedConfig], timing newTiming: PollTiming, now: Date) {
        let previous = Dictionary(feeds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for feed in newFeeds {
            guard var state = states[feed.id] else { continue }  // never polled: already due
            let isWaiting = state.lastOutcome == .deferred && (state.nextDueAt ?? .distantPast) > now
            if let before = previous[feed.id] {
                if before.url != feed.url {
                    state.nextDueAt = now
                } else if (before.interval ?? timing.defaultInterval) != (feed.interval ?? newTiming.defaultInterval) {
                    reschedule(&state, interval: feed.interval, timing: newTiming)
                }
            } else if !(isWaiting && state.url == feed.url) {
                state.nextDueAt = now
            }
            states[feed.id] = state
        }
        feeds = newFeeds
        timing = newTiming
    }

    /// Records the end of a poll of `feed` (the configuration it was dispatched with). A cancelled poll records
    /// nothing. If the feed's configuration changed while it ran, the result is adjusted as `apply` would have.
    mutating func finish(_ feed: FeedConfig, state: FeedState, outcome: FeedPollReport.Outcome, now: Date) {
        inFlight[feed.id] = nil
        guard outcome != .cancelled else { return }
        var state = state
        if let current = feeds.first(where: { $0.id == feed.id }), current != feed {
            if current.url != feed.url {
                state.nextDueAt = now
            } else if current.interval != feed.interval {
                reschedule(&state, interval: current.interval, timing: timing)
            }
        }
        states[feed.id] = state
    }

    /// One (new) interval after the last fetch, for a healthy feed.
    private func reschedule(_ state: inout FeedState, interval: Duration?, timing: PollTiming) {
        guard state.consecutiveFailures == 0, let last = state.lastFetchAt else { return }
        state.nextDueAt = timing.nextPoll(after: last, interval: interval, random: .random(in: 0..<1))
    }
}
