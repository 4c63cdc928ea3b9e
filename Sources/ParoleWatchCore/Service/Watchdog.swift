import Foundation

/// The systemd watchdog contract: when `WatchdogSec=` is set, systemd passes `$WATCHDOG_USEC` (and
/// `$WATCHDOG_PID`) and restarts the service unless `WATCHDOG=1` arrives at least that often.
///
/// We ping at half the timeout (`pingInterval`), but only while the work loop's `Heartbeat` is younger than
/// `maxSilence`: a loop that stopped turning is caught within `maxSilence` plus the timeout.
public struct Watchdog: Sendable, Equatable {
    /// Time between two pings: half of `$WATCHDOG_USEC`.
    public var pingInterval: Duration
    /// The longest the work loop may go without a heartbeat and still count as alive.
    public var maxSilence: Duration

    /// Explicit intervals (tests, or a caller with its own policy).
    public init(pingInterval: Duration, maxSilence: Duration) {
        self.pingInterval = pingInterval
        self.maxSilence = maxSilence
    }

    /// The watchdog systemd asked for, or nil when there is none for this process.
    ///
    /// As `sd_watchdog_enabled(3)`: nil without a positive `WATCHDOG_USEC`, and nil when `WATCHDOG_PID` is set but
    /// names another process (the watchdog belongs to that process: we ignore it rather than ping for someone
    /// else). `maxSilence` is the whole timeout.
    public init?(environment: [String: String], processID: Int32 = getpid()) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let owner = environment["WATCHDOG_PID"], !owner.isEmpty, Int32(owner) != processID { return nil }
        let timeout = Duration.microseconds(Int64(clamping: microseconds))
        self.init(pingInterval: timeout / 2, maxSilence: timeout)
    }

    /// Whether to send `WATCHDOG=1` now, given how long ago the work loop last beat (nil: never).
    public func shouldPing(heartbeatAge: Duration?) -> Bool {
        guard let heartbeatAge else { return false }
        return heartbeatAge <= maxSilence
    }

    /// How long the work loop may sleep between two beats so that a healthy loop is never mistaken for a wedged
    /// one: a quarter of `maxSilence`, between 50 ms and 1 s.
    public var loopBeatInterval: Duration {
        min(max(maxSilence / 4, .milliseconds(50)), .seconds(1))
    }
}
