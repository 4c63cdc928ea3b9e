import ArgumentParser
import Foundation
import ParoleWatchCore

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration, the feed list, the model (with its rules' examples) and the reply templates.",
        discussion: """
            Prints every problem, one per line, as FILE:LINE:COLUMN: key.path: message.
            Exit status: 0 valid · 78 at least one problem.
            """
    )

    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let settings = try configOptions.loadSettings(problemsTo: .standardOutput)
        let (config, ruleSet) = (settings.config, settings.ruleSet)
        let examples = ruleSet.model.rules.reduce(0) { $0 + $1.examplesFiring.count + $1.examplesSilent.count }
        Output.standardOutput.write(
            "\(configOptions.configURL.relativePath): ok (\(config.feeds.count) feeds, \(config.subscribers.count) subscribers, "
                + "\(ruleSet.model.rules.count) rules, \(examples) rule examples passed)\n")
    }
}
