import Synchronization

/// The configuration and scoring model the running daemon uses *now*.
///
/// A reload (SIGHUP) validates a new configuration and model completely, then calls `replace(config:ruleSet:)`
/// once; every reader takes `current` when it starts a unit of work (the poller per batch of new entries, a
/// delivery pass per subscriber list) and uses that snapshot to the end of it, so a unit never mixes two
/// configurations.
///
/// Keys that cannot change while running (`state_dir`, `poll.concurrency`, `alerts.spool`) always hold the values
/// the daemon started with: the reload keeps them (see `ReloadPlan`), so `current.config` is exactly what is in
/// effect.
///
/// Reading or replacing takes a `Mutex` for the time of a struct copy: any task or thread may call it, and it never
/// suspends.
public final class LiveSettings: Sendable {
    private let state: Mutex<(config: Config, ruleSet: RuleSet)>

    /// Starts with the configuration and model loaded at start-up.
    public init(config: Config, ruleSet: RuleSet) {
        state = Mutex((config, ruleSet))
    }

    /// The configuration and compiled model in effect.
    public var current: (config: Config, ruleSet: RuleSet) {
        state.withLock { $0 }
    }

    /// The webhook subscribers in effect (`current.config.subscribers`).
    public var subscribers: [SubscriberConfig] {
        state.withLock { $0.config.subscribers }
    }

    /// Puts a new, fully validated configuration and model in effect for every later reader.
    public func replace(config: Config, ruleSet: RuleSet) {
        state.withLock { $0 = (config, ruleSet) }
    }
}
