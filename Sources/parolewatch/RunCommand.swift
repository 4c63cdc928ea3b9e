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

    @Flag(help: "Poll every feed once, print what was fetched and stored, and exit.")
    var once = false

    func run() async throws {
        let logger = loggingOptions.makeLogger()
        let (config, ruleSet) = try configOptions.loadWithModel()
        let daemon: Daemon
        do {
            daemon = try await Daemon(config: config, ruleSet: ruleSet, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(ExitStatus.failure)
        }
        defer { daemon.shutdown() }

        if once {
            let report = await daemon.pollService.pollAllOnce()
            Output.standardOutput.write(CycleReportText.render(report))
            return
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: daemon.pollService)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
        try await group.run()
    }
}
