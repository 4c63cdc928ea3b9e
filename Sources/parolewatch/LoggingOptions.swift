import ArgumentParser
import Foundation
import Logging
import ParoleWatchCore

/// `--log-level`, and the one logger of the process.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Least severe level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Bootstraps swift-log with `ConsoleLogHandler` (journald style under systemd) and returns the logger.
    func makeLogger() -> Logger {
        let style = ConsoleLogHandler.style(for: ProcessInfo.processInfo.environment)
        let level = logLevel
        LoggingSystem.bootstrap { _ in ConsoleLogHandler(style: style, logLevel: level) }
        return Logger(label: "parolewatch")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
