/// One line of an `sd_notify(3)` message.
public enum NotifyState: Sendable, Equatable {
    /// `READY=1`: start-up (or a reload) finished; systemd considers the unit active.
    case ready
    /// `RELOADING=1` plus `MONOTONIC_USEC=`, the `CLOCK_MONOTONIC` time the reload began, in microseconds.
    case reloading(monotonicMicroseconds: UInt64)
    /// `STOPPING=1`: shutdown began.
    case stopping
    /// `WATCHDOG=1`: the service is alive (see `Watchdog`).
    case watchdog
    /// `STATUS=…`: a one-line human summary shown by `systemctl status`; newlines become spaces.
    case status(String)

    /// `RELOADING=1` stamped with the current `CLOCK_MONOTONIC` time.
    public static func reloadingNow() -> [NotifyState] {
        [.reloading(monotonicMicroseconds: MonotonicClock.microseconds())]
    }

    /// The `KEY=VALUE` text (two lines for `reloading`).
    public var line: String {
        switch self {
        case .ready: "READY=1"
        case .reloading(let microseconds): "RELOADING=1\nMONOTONIC_USEC=\(microseconds)"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        case .status(let text): "STATUS=" + text.map { $0.isNewline ? " " : String($0) }.joined()
        }
    }
}
