extension Duration {
    /// Whole milliseconds, rounded up so a positive duration never becomes 0 ("no limit" to libcurl),
    /// clamped to a range libcurl's `long` options accept.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 1 }
        if seconds >= 1_000_000_000 { return 1_000_000_000_000 }
        let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(seconds) * 1000 + Int(partial)
    }

    /// Human form with one decimal, e.g. `2.0s`, for error messages.
    var roundedSecondsDescription: String {
        let tenths = (curlMilliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
