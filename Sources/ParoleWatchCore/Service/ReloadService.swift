import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Reloads the configuration, feed list and model on request (each element of `requests`: SIGHUP in the daemon,
/// `UnixSignalsSequence(trapping: .sighup)`), without a restart.
///
/// Each reload tells systemd `RELOADING=1` (with `MONOTONIC_USEC=`), loads and validates everything
/// (`SettingsLoader`), and only if all of it is valid applies it (`ReloadPlan`, `Daemon.apply`); then `READY=1`
/// and a fresh `STATUS=`. On any problem nothing changes: every problem is logged as its
/// `FILE:LINE:COLUMN: key.path: message` line and the daemon keeps running the previous configuration.
///
/// `run()` returns at graceful shutdown (after finishing a reload in progress).
public final class ReloadService<Requests: AsyncSequence & Sendable>: Service where Requests.Element: Sendable {
    private let requests: Requests
    private let configURL: URL
    private let daemon: Daemon
    private let notifier: SystemdNotifier
    private let logger: Logger
    /// Why the last reload was refused (nil after a successful one), for `STATUS=`.
    private let refusal = Mutex<String?>(nil)

    /// - Parameter configURL: the file the daemon started from; read again on every reload.
    public init(requests: Requests, configURL: URL, daemon: Daemon, notifier: SystemdNotifier, logger: Logger) {
        self.requests = requests
        self.configURL = configURL
        self.daemon = daemon
        self.notifier = notifier
        self.logger = logger
    }

    /// The daemon's `STATUS=` line, prefixed with a note while the last reload stands refused, so
    /// `systemctl status` shows that the file on disk is not what runs.
    public func statusLine() async -> String {
        let summary = await daemon.statusLine()
        return refusal.withLock { $0 }.map { "\($0); \(summary)" } ?? summary
    }

    public func run() async throws {
        for try await _ in requests.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    /// Reloads once; true when the new configuration is in effect, false when the old one was kept.
    @discardableResult
    public func reload() async -> Bool {
        notifier.notify(NotifyState.reloadingNow())
        let file = configURL.relativePath.isEmpty ? configURL.path : configURL.relativePath
        logger.info("reloading configuration", metadata: ["config.file": "\(file)"])
        let applied: Bool
        do throws(ConfigError) {
            let loaded = try SettingsLoader.load(from: configURL)
            let (config, ruleSet) = (loaded.config, loaded.ruleSet)
            let plan = ReloadPlan(running: daemon.config, loaded: config)
            daemon.apply(plan, ruleSet: ruleSet, replies: loaded.replies)
            for change in plan.needsRestart {
                logger.warning(
                    "setting cannot change while running; restart to apply it (the running value is kept)",
                    metadata: ["config.change": "\(change)"]
                )
            }
            logger.info(
                "configuration reloaded",
                metadata: [
                    "config.file": "\(file)",
                    "feeds.count": "\(plan.effective.feeds.count)",
                    "feeds.added": "\(plan.addedFeeds.joined(separator: ","))",
                    "feeds.removed": "\(plan.removedFeeds.joined(separator: ","))",
                    "feeds.changed": "\(plan.changedFeeds.joined(separator: ","))",
                    "subscribers.count": "\(plan.effective.subscribers.count)",
                    "subscribers.changed": "\(plan.subscribersChanged)",
                    "model.rules": "\(ruleSet.model.rules.count)",
                ]
            )
            applied = true
            refusal.withLock { $0 = nil }
        } catch {
            for problem in error.problems {
                logger.error(
                    "configuration problem",
                    metadata: [
                        "config.problem": "\(problem)",
                        "config.key": "\(problem.keyPath)",
                    ]
                )
            }
            logger.error(
                "reload failed; still running the previous configuration",
                metadata: ["config.file": "\(file)", "config.problems": "\(error.problems.count)"]
            )
            applied = false
            let count = error.problems.count
            refusal.withLock {
                $0 =
                    "reload refused at \(RFC3339.string(Date())) (\(count) problem\(count == 1 ? "" : "s")), running the previous configuration"
            }
        }
        notifier.notify([.ready, .status(await statusLine())])
        return applied
    }
}
