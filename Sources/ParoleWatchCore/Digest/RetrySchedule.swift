import Foundation

/// When to try a webhook delivery again, after the schedule Svix publishes: the first attempt at once, then
/// retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure — 8 attempts over about 27.6 hours —
/// after which the delivery is dead.
///
/// Each wait is jittered by up to ±``jitter`` of itself so that deliveries failing together do not retry together,
/// and is never shorter than a `Retry-After` the receiver sent (capped at ``maxRetryAfter``: a receiver asking for
/// days is broken, and the delivery should not sit longer than the schedule itself). Pure; randomness is a
/// parameter, so tests and the caller decide it.
public struct RetrySchedule: Sendable, Equatable {
    /// Svix's waits: before attempt 2 (after the first failure) through attempt 8.
    public static let standardDelays: [Duration] = [
        .seconds(5), .seconds(5 * 60), .seconds(30 * 60), .seconds(2 * 3600),
        .seconds(5 * 3600), .seconds(10 * 3600), .seconds(10 * 3600),
    ]

    /// Wait before attempt `n + 2`, after `n + 1` failures.
    public var delays: [Duration]
    /// Fraction of a wait added or removed at random: 0.1 is ±10 %.
    public var jitter: Double
    /// Longest `Retry-After` honored.
    public var maxRetryAfter: Duration

    public init(
        delays: [Duration] = RetrySchedule.standardDelays,
        jitter: Double = 0.1,
        maxRetryAfter: Duration = .seconds(24 * 3600)
    ) {
        self.delays = delays
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// Attempts in all, the first included.
    public var maxAttempts: Int { delays.count + 1 }

    /// When to make the next attempt after `failures` failed ones (0: none yet, so `now`), or nil when the
    /// delivery is dead because the last attempt failed.
    ///
    /// - Parameters:
    ///   - retryAfter: the wait the last answer's `Retry-After` asked for, if any; the result is never earlier
    ///     than `now + min(retryAfter, maxRetryAfter)`.
    ///   - random: a number in `0..<1` (clamped) choosing the jitter; 0.5 means none.
    public func nextAttempt(after failures: Int, now: Date, retryAfter: Duration?, random: Double) -> Date? {
        guard failures > 0 else { return now }
        guard failures <= delays.count else { return nil }
        let base = Self.seconds(delays[failures - 1])
        let spread = (min(max(random, 0), 1) * 2 - 1) * jitter
        var wait = max(0, base * (1 + spread))
        if let retryAfter {
            wait = max(wait, Self.seconds(min(retryAfter, maxRetryAfter)))
        }
        return now.addingTimeInterval(wait)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
