/// How feeds are polled (`poll:` in the config).
public struct PollConfig: Sendable, Equatable {
    /// Time between two polls of a feed (`interval`, default 10m, at least 1s); a feed's own `interval` wins.
    public var interval: Duration
    /// Feeds fetched at the same time (`concurrency`, default 16, 1…1024).
    public var concurrency: Int
    /// Whole-request time limit for one fetch (`timeout`, default 20s, 1s…10m).
    public var timeout: Duration
    /// Largest response body accepted, in bytes (`max_body`, default 15MiB, 1KiB…1GiB).
    public var maxBodyBytes: Int
    /// Random spread of each poll's due time, as a fraction of the interval (`jitter`, default 0.1, 0…0.5),
    /// so feeds added together do not stay in lockstep.
    public var jitter: Double

    /// The defaults: 10m, 16, 20s, 15MiB, 0.1.
    public static let `default` = PollConfig(
        interval: .seconds(600),
        concurrency: 16,
        timeout: .seconds(20),
        maxBodyBytes: 15 * 1_048_576,
        jitter: 0.1
    )

    /// Memberwise; no range checks (`ConfigLoader` does those).
    public init(interval: Duration, concurrency: Int, timeout: Duration, maxBodyBytes: Int, jitter: Double) {
        self.interval = interval
        self.concurrency = concurrency
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.jitter = jitter
    }
}
