import Synchronization

/// When the work loop last made progress: the poll loop calls `beat()` on every turn in which nothing is stuck, and
/// the watchdog pinger reads `age(at:)` before each `WATCHDOG=1`, so a wedged loop stops the pings and systemd
/// restarts the service.
///
/// A `Mutex` around one instant: any task or thread may call it, and it never suspends.
public final class Heartbeat: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    /// A heartbeat that has not beaten yet (`age` is nil until the first `beat()`).
    public init() {}

    /// Records progress at `now`.
    public func beat(at now: ContinuousClock.Instant = .now) {
        last.withLock { $0 = now }
    }

    /// Time since the last beat, or nil if there was none.
    public func age(at now: ContinuousClock.Instant = .now) -> Duration? {
        last.withLock { $0.map { now - $0 } }
    }
}
