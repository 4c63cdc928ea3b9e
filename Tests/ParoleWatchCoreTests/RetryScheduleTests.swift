import Foundation
import ParoleWatchCore
import Testing

@Suite("RetrySchedule follows the Svix retry table")
struct RetryScheduleTests {
    let schedule = RetrySchedule()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the first attempt is immediate")
    func firstAttempt() {
        #expect(schedule.nextAttempt(after: 0, now: now, retryAfter: nil, random: 0.9) == now)
    }

    @Test(
        "without jitter, each failure waits the table's delay",
        arguments: [
            (1, 5.0), (2, 300.0), (3, 1800.0), (4, 7200.0), (5, 18_000.0), (6, 36_000.0), (7, 36_000.0),
        ] as [(Int, TimeInterval)]
    )
    func table(failures: Int, seconds: TimeInterval) throws {
        let next = try #require(schedule.nextAttempt(after: failures, now: now, retryAfter: nil, random: 0.5))
        #expect(next.timeIntervalSince(now) == seconds)
    }

    @Test("after the eighth failed attempt the delivery is dead", arguments: [8, 9, 100])
    func dead(failures: Int) {
        #expect(schedule.maxAttempts == 8)
        #expect(schedule.nextAttempt(after: failures, now: now, retryAfter: nil, random: 0.5) == nil)
        #expect(schedule.nextAttempt(after: failures, now: now, retryAfter: .seconds(1), random: 0.5) == nil)
    }

    @Test(
        "jitter stays within ±10 % of the delay",
        arguments: [(0.0, 4.5), (0.25, 4.75), (0.5, 5.0), (0.75, 5.25), (0.999_999, 5.5), (-3, 4.5), (7, 5.5)]
            as [(Double, TimeInterval)]
    )
    func jitter(random: Double, seconds: TimeInterval) throws {
        let next = try #require(schedule.nextAttempt(after: 1, now: now, retryAfter: nil, random: random))
        #expect(abs(next.timeIntervalSince(now) - seconds) < 0.001)
    }

    @Test(
        "Retry-After is never undercut, and is capped at a day",
        arguments: [
            // failures, Retry-After seconds, random, expected wait
            (1, 60, 0.5, 60.0),  // longer than the 5 s step: honored
            (1, 2, 0.5, 5.0),  // shorter: the schedule's wait stands
            (2, 300, 0.0, 300.0),  // jitter would undercut it: Retry-After wins
            (2, 300, 1.0, 330.0),  // jitter above it: kept
            (3, 7 * 24 * 3600, 0.5, 86_400.0),  // a week: capped at one day
            (7, 0, 0.5, 36_000.0),
        ] as [(Int, Int, Double, TimeInterval)]
    )
    func retryAfter(failures: Int, retryAfter: Int, random: Double, wait: TimeInterval) throws {
        let next = try #require(
            schedule.nextAttempt(after: failures, now: now, retryAfter: .seconds(retryAfter), random: random)
        )
        #expect(abs(next.timeIntervalSince(now) - wait) < 0.001)
    }

    @Test("the whole schedule spans about 27.6 hours from the first failure to the last attempt")
    func totalSpan() throws {
        var at = now
        for failures in 1...7 {
            at = try #require(schedule.nextAttempt(after: failures, now: at, retryAfter: nil, random: 0.5))
        }
        #expect(at.timeIntervalSince(now) == 5 + 300 + 1800 + 7200 + 18_000 + 36_000 + 36_000)
    }

    @Test("a custom table sets the number of attempts")
    func customTable() {
        let short = RetrySchedule(delays: [.milliseconds(100), .milliseconds(200)], jitter: 0)
        #expect(short.maxAttempts == 3)
        #expect(short.nextAttempt(after: 1, now: now, retryAfter: nil, random: 0.1) == now.addingTimeInterval(0.1))
        #expect(short.nextAttempt(after: 2, now: now, retryAfter: nil, random: 0.1) == now.addingTimeInterval(0.2))
        #expect(short.nextAttempt(after: 3, now: now, retryAfter: nil, random: 0.1) == nil)
    }
}
