import ArgumentParser
import Foundation
import ParoleWatchCore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each feed's last fetch, last error and next due time.",
        discussion: "Exit status: 0 shown · 78 bad configuration · 1 the state database cannot be read."
    )

    @OptionGroup var configOptions: ConfigOptions

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() async throws {
        let config = try configOptions.load()
        let report: StatusReport
        do {
            report = try await StatusReport.gather(config: config)
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        Output.standardOutput.write(json ? try report.jsonString() + "\n" : report.text())
    }
}
