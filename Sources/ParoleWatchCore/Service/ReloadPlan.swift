import Foundation

/// What applying a reloaded configuration to a running daemon does, worked out before anything changes.
///
/// Pure: compares the configuration in effect with the one just loaded and validated.
public struct ReloadPlan: Sendable, Equatable {
    /// The configuration to put in effect: the loaded one, except that keys which cannot change while running keep
    /// their running values (so `LiveSettings.current` always says what is really in effect).
    public var effective: Config
    /// Keys whose new value is ignored until a restart, with both values, e.g. `poll.concurrency: 16 → 32`.
    public var needsRestart: [String]
    /// Feed ids in the new list only.
    public var addedFeeds: [String]
    /// Feed ids in the old list only.
    public var removedFeeds: [String]
    /// Feed ids in both lists whose URL, interval or language changed.
    public var changedFeeds: [String]
    /// True when the subscriber list differs in any way.
    public var subscribersChanged: Bool

    /// Plans the move from `running` to `loaded`.
    public init(running: Config, loaded: Config) {
        var effective = loaded
        var needsRestart: [String] = []
        if loaded.stateDirectory != running.stateDirectory {
            needsRestart.append("state_dir: \(running.stateDirectory.path) → \(loaded.stateDirectory.path)")
            effective.stateDirectory = running.stateDirectory
        }
        if loaded.poll.concurrency != running.poll.concurrency {
            needsRestart.append("poll.concurrency: \(running.poll.concurrency) → \(loaded.poll.concurrency)")
            effective.poll.concurrency = running.poll.concurrency
        }
        if loaded.alerts.spoolDirectory != running.alerts.spoolDirectory {
            needsRestart.append(
                "alerts.spool: \(running.alerts.spoolDirectory.path) → \(loaded.alerts.spoolDirectory.path)"
            )
            effective.alerts.spoolDirectory = running.alerts.spoolDirectory
        }
        let old = Dictionary(running.feeds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Set(loaded.feeds.map(\.id))
        self.effective = effective
        self.needsRestart = needsRestart
        addedFeeds = loaded.feeds.map(\.id).filter { old[$0] == nil }
        removedFeeds = running.feeds.map(\.id).filter { !new.contains($0) }
        changedFeeds = loaded.feeds.filter { feed in old[feed.id].map { $0 != feed } ?? false }.map(\.id)
        subscribersChanged = loaded.subscribers != running.subscribers
    }
}
