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
        discussion: "Exit status: 0 after a clean stop · 78 bad configuration · 1 any other failure."
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Flag(help: "Poll every feed once, write alert files, send every subscriber's pending alerts now, and exit.")
    var once = false

    func run() async throws {
        let logger = loggingOptions.makeLogger()
        let (config, ruleSet) = try configOptions.loadWithModel()
        let replies = try configOptions.loadReplies(for: config)
        let daemon: Daemon
        do {
            daemon = try await Daemon(config: config, ruleSet: ruleSet, replies: replies, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(ExitStatus.failure)
        }
        defer { daemon.shutdown() }

        if once {
            let report = await daemon.pollService.pollAllOnce()
            Output.standardOutput.write(CycleReportText.render(report))
            let delivery = await daemon.deliveryService.deliverAllNow()
            Output.standardOutput.write(DeliveryReportText.render(spooled: delivery.spooled, delivery.reports))
            return
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: daemon.pollService), .init(service: daemon.deliveryService)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
        try await group.run()
    }
}
