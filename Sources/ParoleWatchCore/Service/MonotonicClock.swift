import Glibc

/// `CLOCK_MONOTONIC`, the clock systemd's `MONOTONIC_USEC=` refers to.
public enum MonotonicClock {
    /// Microseconds since an arbitrary point (boot), never going backwards.
    public static func microseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
