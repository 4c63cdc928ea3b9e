import Foundation

/// When a feed is polled next: its interval spread by jitter, exponential backoff after failures,
/// and at least what a server's `Retry-After` asked for.
///
/// Pure: the caller passes the random draw (`0..<1`), so tests fix it and the daemon uses `Double.random`.
public struct PollTiming: Sendable, Equatable {
    /// `poll.interval`, for feeds without their own.
    public var defaultInterval: Duration
    /// `poll.jitter`: each delay is scaled by a factor drawn from `1 ± jitter`.
    public var jitter: Double
    /// The longest backoff after repeated failures (unless the feed's own interval is longer).
    public var maxBackoff: Duration

    public init(defaultInterval: Duration, jitter: Double, maxBackoff: Duration = .seconds(24 * 3600)) {
        self.defaultInterval = defaultInterval
        self.jitter = jitter
        self.maxBackoff = maxBackoff
    }

    /// After a successful poll (or a 304): one interval, jittered.
    public func nextPoll(after now: Date, interval: Duration?, random: Double) -> Date {
        now.addingTimeInterval(jittered(interval ?? defaultInterval, random: random))
    }

    /// After the `failures`-th consecutive failure (1-based): interval × 2^(failures−1), capped, jittered;
    /// never sooner than `retryAfter`.
    public func retry(after now: Date, interval: Duration?, failures: Int, retryAfter: Duration?, random: Double) -> Date {
        let base = (interval ?? defaultInterval).seconds
        let cap = max(maxBackoff.seconds, base)
        let exponent = Double(min(max(failures - 1, 0), 30))
        let backoff = jittered(.seconds(min(base * pow(2, exponent), cap)), random: random)
        return now.addingTimeInterval(max(backoff, retryAfter?.seconds ?? 0))
    }

    private func jittered(_ delay: Duration, random: Double) -> TimeInterval {
        delay.seconds * (1 + jitter * (2 * random - 1))
    }
}

extension Duration {
    /// This duration in (fractional) seconds.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
