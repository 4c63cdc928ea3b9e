import Foundation

/// The validated daemon configuration, as `ConfigLoader.load(from:)` builds it from YAML.
///
/// Every path is absolute: relative paths in the file are resolved against the config file's folder.
/// Keys, defaults and units (see `ConfigLoader` for the whole syntax):
///
/// | key | default | meaning |
/// |---|---|---|
/// | `state_dir` | `var` (beside the config file) | SQLite state and outbox |
/// | `model` | none | scoring model file (must exist) |
/// | `feeds` | required | feed-list file path, or an inline list of `{id, url, interval?, lang?}` |
/// | `poll.interval` / `.concurrency` / `.timeout` / `.max_body` / `.jitter` | 10m / 16 / 20s / 15MiB / 0.1 | see `PollConfig` |
/// | `alerts.spool` | `<state_dir>/alerts` | moderators' alert files |
/// | `subscribers` | `[]` | webhooks, see `SubscriberConfig` |
public struct Config: Sendable, Equatable {
    /// The file this was loaded from (absolute).
    public var fileURL: URL
    /// State database and outbox folder (`state_dir`).
    public var stateDirectory: URL
    /// The scoring model file (`model`), nil when the key is absent.
    public var modelURL: URL?
    /// The feed-list file (`feeds: PATH`), nil when the feeds are inline.
    public var feedListURL: URL?
    /// The feeds to poll, in file order.
    public var feeds: [FeedConfig]
    /// Polling settings (`poll`).
    public var poll: PollConfig
    /// Alert spool settings (`alerts`).
    public var alerts: AlertsConfig
    /// Webhook subscribers (`subscribers`), in file order.
    public var subscribers: [SubscriberConfig]

    /// Memberwise; `ConfigLoader` builds these from YAML with paths made absolute.
    public init(
        fileURL: URL,
        stateDirectory: URL,
        modelURL: URL?,
        feedListURL: URL?,
        feeds: [FeedConfig],
        poll: PollConfig,
        alerts: AlertsConfig,
        subscribers: [SubscriberConfig]
    ) {
        self.fileURL = fileURL
        self.stateDirectory = stateDirectory
        self.modelURL = modelURL
        self.feedListURL = feedListURL
        self.feeds = feeds
        self.poll = poll
        self.alerts = alerts
        self.subscribers = subscribers
    }

    /// How often `feed` is polled: its own `interval`, else `poll.interval`.
    public func interval(for feed: FeedConfig) -> Duration {
        feed.interval ?? poll.interval
    }
}
