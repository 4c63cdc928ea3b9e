import ArgumentParser
import Foundation
import Logging
import ParoleWatchCore
import ServiceLifecycle
import UnixSignals

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll feeds until SIGTERM or SIGINT (or once, with --once).",
        discussion: """
            SIGHUP reloads the configuration, feed list and model (kept as they were if anything is invalid).
            Under systemd (Type=notify) it reports READY=1, STATUS=, RELOADING=1, STOPPING=1 and watchdog pings.
            Exit status: 0 after a clean stop · 78 bad configuration · 1 any other failure.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Flag(help: "Poll every feed once, write alert files, send every subscriber's pending alerts now, and exit.")
    var once = false

    /// How long shutdown may take before whatever is left is cancelled (systemd's `TimeoutStopSec` is longer).
    static let shutdownBound: Duration = .seconds(10)

    func run() async throws {
        let logger = loggingOptions.makeLogger()
        // Trap the signals before anything else: their default action would kill the daemon mid-start. A stop
        // requested while loading waits in `stops` and is honoured as soon as the services run.
        let stops = once ? nil : await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let hangups = once ? nil : await UnixSignalsSequence(trapping: .sighup)
        let settings = try configOptions.loadSettings()
        let (config, ruleSet, replies) = (settings.config, settings.ruleSet, settings.replies)
        let environment = ProcessInfo.processInfo.environment
        let watchdog = once ? nil : Watchdog(environment: environment)
        let daemon: Daemon
        do {
            daemon = try await Daemon(
                config: config,
                ruleSet: ruleSet,
                replies: replies,
                maxIdle: watchdog?.loopBeatInterval ?? .seconds(1),
                logger: logger
            )
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(ExitStatus.failure)
        }
        defer { daemon.shutdown() }

        guard let hangups, let stops else {
            let report = await daemon.pollService.pollAllOnce()
            Output.standardOutput.write(CycleReportText.render(report))
            let delivery = await daemon.deliveryService.deliverAllNow()
            Output.standardOutput.write(DeliveryReportText.render(spooled: delivery.spooled, delivery.reports))
            return
        }
        let notifier = SystemdNotifier(environment: environment)
        let reloadService = ReloadService(
            requests: hangups,
            configURL: configOptions.configURL,
            daemon: daemon,
            notifier: notifier,
            logger: logger
        )
        let notifyService = NotifyService(
            notifier: notifier,
            watchdog: watchdog,
            heartbeat: daemon.pollService.heartbeat,
            status: { await reloadService.statusLine() },
            logger: logger
        )
        // The stop request ends the group. Shut down in reverse: STOPPING=1 first, then no more reloads, then
        // deliveries (an interrupted send stays pending under its webhook-id), then polling (in-flight polls
        // finish or are cancelled within the bound).
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: daemon.pollService), .init(service: daemon.deliveryService),
                .init(service: daemon.housekeepingService),
                .init(service: reloadService), .init(service: notifyService),
                .init(
                    service: StopRequestService(requests: stops, logger: logger),
                    successTerminationBehavior: .gracefullyShutdownGroup
                ),
            ],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = Self.shutdownBound
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode(ExitStatus.failure)
        }
    }
}
