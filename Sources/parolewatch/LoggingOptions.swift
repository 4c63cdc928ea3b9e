import ArgumentParser
import Foundation
import Logging
import ParoleWatchCore

/// `--log-level`, and the one logger of the process.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Least severe level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Bootstraps swift-log with `ConsoleLogHandler` and returns the logger: journald style (`<N>` priority, no
    /// timestamp) when standard error is the journal stream systemd set up (`$JOURNAL_STREAM`), human otherwise.
    func makeLogger() -> Logger {
        let style = ConsoleLogHandler.style(for: ProcessInfo.processInfo.environment, fileDescriptor: 2)
        let level = logLevel
        LoggingSystem.bootstrap { _ in ConsoleLogHandler(style: style, logLevel: level) }
        return Logger(label: "parolewatch")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
