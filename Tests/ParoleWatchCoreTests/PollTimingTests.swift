import Foundation
import ParoleWatchCore
import Testing

@Suite("PollTiming")
struct PollTimingTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let timing = PollTiming(defaultInterval: .seconds(600), jitter: 0.1)

    @Test("the next poll is one interval away, spread by ±jitter", arguments: [(0.0, 540.0), (0.5, 600.0), (1.0, 660.0)])
    func jitteredInterval(random: Double, seconds: Double) {
        #expect(timing.nextPoll(after: now, interval: nil, random: random).timeIntervalSince(now) == seconds)
    }

    @Test("a feed's own interval overrides the default")
    func feedInterval() {
        #expect(timing.nextPoll(after: now, interval: .seconds(60), random: 0.5).timeIntervalSince(now) == 60)
    }

    @Test("failures back off exponentially, capped at a day", arguments: [(1, 600.0), (2, 1200.0), (3, 2400.0), (20, 86400.0)])
    func exponentialBackoff(failures: Int, seconds: Double) {
        let due = timing.retry(after: now, interval: nil, failures: failures, retryAfter: nil, random: 0.5)
        #expect(due.timeIntervalSince(now) == seconds)
    }

    @Test("a Retry-After longer than the backoff is honored; a shorter one does not speed polling up")
    func retryAfter() {
        let long = timing.retry(after: now, interval: nil, failures: 1, retryAfter: .seconds(7200), random: 0.5)
        #expect(long.timeIntervalSince(now) == 7200)
        let short = timing.retry(after: now, interval: nil, failures: 1, retryAfter: .seconds(5), random: 0.5)
        #expect(short.timeIntervalSince(now) == 600)
    }

    @Test("1,000 feeds polled at the same moment are spread over the jitter window")
    func spread() {
        let seconds = (0..<1000).map { _ in
            Int(timing.nextPoll(after: now, interval: nil, random: .random(in: 0..<1)).timeIntervalSince(now))
        }
        #expect(Set(seconds).count > 100)
        #expect(seconds.allSatisfy { (540...660).contains($0) })
    }
}
