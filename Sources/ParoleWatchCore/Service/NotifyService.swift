import Foundation
import Logging
import ServiceLifecycle

/// The daemon's side of the systemd notify protocol, as a `Service`:
/// `READY=1` when it starts (the caller starts it once configuration, model and database are loaded),
/// `WATCHDOG=1` every `Watchdog.pingInterval` while the work loop's `Heartbeat` is fresh,
/// `STATUS=` whenever the one-line summary changes (checked every `statusInterval`),
/// and `STOPPING=1` as soon as graceful shutdown begins.
///
/// Put it last in the `ServiceGroup`: services are shut down in reverse order, so `STOPPING=1` goes out first.
/// `run()` returns right after `STOPPING=1`.
public final class NotifyService: Service {
    private let notifier: SystemdNotifier
    private let watchdog: Watchdog?
    private let heartbeat: Heartbeat
    private let statusInterval: Duration
    private let status: @Sendable () async -> String
    private let logger: Logger

    /// - Parameters:
    ///   - watchdog: nil when systemd set no watchdog for us (`Watchdog(environment:)`).
    ///   - heartbeat: beaten by the work loop (`PollService`).
    ///   - statusInterval: how often `status` is evaluated; it is sent only when it changed.
    ///   - status: the `STATUS=` text; may read the database, so it runs apart from the pings.
    public init(
        notifier: SystemdNotifier,
        watchdog: Watchdog?,
        heartbeat: Heartbeat,
        statusInterval: Duration = .seconds(5),
        status: @escaping @Sendable () async -> String,
        logger: Logger
    ) {
        self.notifier = notifier
        self.watchdog = watchdog
        self.heartbeat = heartbeat
        self.statusInterval = statusInterval
        self.status = status
        self.logger = logger
    }

    public func run() async throws {
        let summary = await status()
        notifier.notify([.ready, .status(summary)])
        logger.info(
            "ready",
            metadata: [
                "systemd.notify": "\(notifier.isEnabled)",
                "systemd.watchdog_ms": "\(watchdog.map { "\(Int($0.maxSilence.seconds * 1000))" } ?? "off")",
            ]
        )
        await withDiscardingTaskGroup { group in
            if let watchdog, notifier.isEnabled {
                group.addTask { await self.pingWhileAlive(watchdog) }
            }
            if notifier.isEnabled {
                group.addTask { await self.reportStatus(startingWith: summary) }
            } else {
                group.addTask { try? await gracefulShutdown() }  // nothing to send: just wait for shutdown
            }
        }
        notifier.notify([.stopping, .status("stopping")])
        logger.info("stopping")
    }

    /// Until shutdown: `WATCHDOG=1` each `pingInterval` while the heartbeat is fresh; one warning when it is not.
    private func pingWhileAlive(_ watchdog: Watchdog) async {
        var isWedged = false
        while await pause(watchdog.pingInterval) {
            let age = heartbeat.age()
            if watchdog.shouldPing(heartbeatAge: age) {
                notifier.notify(.watchdog)
                if isWedged { logger.notice("work loop is making progress again; watchdog pings resumed") }
                isWedged = false
            } else if !isWedged {
                isWedged = true
                logger.error(
                    "work loop made no progress; withholding watchdog pings so systemd restarts the service",
                    metadata: ["heartbeat.age_ms": "\(age.map { "\(Int($0.seconds * 1000))" } ?? "never")"]
                )
            }
        }
    }

    /// Until shutdown: sends `STATUS=` when the summary changed.
    private func reportStatus(startingWith first: String) async {
        var last = first
        while await pause(statusInterval) {
            let summary = await status()
            if summary != last {
                notifier.notify(.status(summary))
                last = summary
            }
        }
    }

    /// Sleeps `duration`; false once graceful shutdown (or cancellation) has begun.
    private func pause(_ duration: Duration) async -> Bool {
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return false }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
        return !Task.isShuttingDownGracefully && !Task.isCancelled
    }
}
