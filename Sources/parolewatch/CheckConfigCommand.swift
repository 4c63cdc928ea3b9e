import ArgumentParser
import Foundation
import ParoleWatchCore

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and the feed list; print every problem as FILE:LINE:COLUMN: key.path: message.",
        discussion: "Exit status: 0 valid · 78 at least one problem."
    )

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let config = try configOptions.load(problemsTo: .standardOutput)
        Output.standardOutput.write(
            "\(configOptions.configURL.relativePath): ok (\(config.feeds.count) feeds, \(config.subscribers.count) subscribers)\n")
    }
}
