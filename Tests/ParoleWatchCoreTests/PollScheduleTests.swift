import Foundation
import Testing

@testable import ParoleWatchCore

/// How a reloaded feed list is put into the running schedule.
@Suite("PollSchedule")
struct PollScheduleTests {
    static let timing = PollTiming(defaultInterval: .seconds(600), jitter: 0)
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func state(_ id: String, url: String, fetched: TimeInterval = -60, due: TimeInterval = 540) -> FeedState {
        var state = FeedState(id: id, url: url)
        state.lastFetchAt = now.addingTimeInterval(fetched)
        state.lastOutcome = .fetched
        state.nextDueAt = now.addingTimeInterval(due)
        return state
    }

    static let a = FeedConfig(id: "a", url: "https://a.example/feed")
    static let b = FeedConfig(id: "b", url: "https://b.example/feed")

    func schedule(_ feeds: [FeedConfig], states: [FeedState]) -> PollSchedule {
        PollSchedule(
            feeds: feeds,
            states: Dictionary(uniqueKeysWithValues: states.map { ($0.id, $0) }),
            timing: Self.timing
        )
    }

    @Test("a new feed is due at once; a removed one is no longer dispatched")
    func addAndRemove() {
        var schedule = schedule([Self.a], states: [Self.state("a", url: Self.a.url)])
        schedule.apply(feeds: [Self.b], timing: Self.timing, now: Self.now)
        #expect(schedule.takeDue(at: Self.now).map(\.0.id) == ["b"])
        #expect(schedule.states["a"] != nil, "what is known of a removed feed is kept")
    }

    @Test("a feed back in the list after removal is polled at once")
    func readdedFeed() {
        var schedule = schedule([], states: [Self.state("a", url: Self.a.url)])
        schedule.apply(feeds: [Self.a], timing: Self.timing, now: Self.now)
        #expect(schedule.takeDue(at: Self.now).map(\.0.id) == ["a"])
    }

    @Test("a re-added feed whose server asked us to wait (Retry-After) still waits")
    func readdedFeedKeepsRetryAfter() {
        var waiting = Self.state("a", url: Self.a.url, due: 3600)
        waiting.lastOutcome = .deferred
        var schedule = schedule([], states: [waiting])
        schedule.apply(feeds: [Self.a], timing: Self.timing, now: Self.now)
        #expect(schedule.takeDue(at: Self.now).isEmpty)
    }

    @Test("a feed whose URL changed is due at once")
    func changedURL() {
        var schedule = schedule([Self.a], states: [Self.state("a", url: Self.a.url)])
        var moved = Self.a
        moved.url = "https://a.example/other"
        schedule.apply(feeds: [moved], timing: Self.timing, now: Self.now)
        #expect(schedule.takeDue(at: Self.now).map(\.0.url) == ["https://a.example/other"])
    }

    @Test("a shorter interval applies from the last fetch", arguments: [false, true])
    func changedInterval(viaDefault: Bool) {
        var schedule = schedule([Self.a], states: [Self.state("a", url: Self.a.url, fetched: -60, due: 540)])
        var faster = Self.a
        var timing = Self.timing
        if viaDefault { timing.defaultInterval = .seconds(120) } else { faster.interval = .seconds(120) }
        schedule.apply(feeds: [faster], timing: timing, now: Self.now)
        #expect(schedule.states["a"]?.nextDueAt == Self.now.addingTimeInterval(60))
        #expect(schedule.takeDue(at: Self.now).isEmpty)
        #expect(schedule.takeDue(at: Self.now.addingTimeInterval(61)).map(\.0.id) == ["a"])
    }

    @Test("a failing feed keeps its backoff when the interval changes")
    func failingFeedKeepsBackoff() {
        var failing = Self.state("a", url: Self.a.url, due: 1800)
        failing.consecutiveFailures = 2
        var schedule = schedule([Self.a], states: [failing])
        var faster = Self.a
        faster.interval = .seconds(60)
        schedule.apply(feeds: [faster], timing: Self.timing, now: Self.now)
        #expect(schedule.states["a"]?.nextDueAt == Self.now.addingTimeInterval(1800))
    }

    @Test("a poll that was running when its URL changed is followed by a poll of the new URL")
    func inFlightDuringReload() {
        var schedule = schedule([Self.a], states: [])
        let dispatched = schedule.takeDue(at: Self.now)
        #expect(dispatched.count == 1)
        var moved = Self.a
        moved.url = "https://a.example/other"
        schedule.apply(feeds: [moved], timing: Self.timing, now: Self.now)
        #expect(schedule.takeDue(at: Self.now).isEmpty, "still in flight")
        schedule.finish(
            Self.a,
            state: Self.state("a", url: Self.a.url, fetched: 0, due: 600),
            outcome: .fetched,
            now: Self.now
        )
        #expect(schedule.takeDue(at: Self.now).map(\.0.url) == ["https://a.example/other"])
    }

    @Test("a poll running far past its limit counts as stuck")
    func stuckPoll() {
        var schedule = schedule([Self.a], states: [])
        let start = ContinuousClock.now
        schedule.inFlight["a"] = start
        #expect(!schedule.hasStuckPoll(at: start + .seconds(30), limit: .seconds(100)))
        #expect(schedule.hasStuckPoll(at: start + .seconds(101), limit: .seconds(100)))
    }
}
