import ArgumentParser
import ParoleWatchCore

@main
struct ParoleWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parolewatch",
        abstract: "Watch feeds for false 'parole is reopening' claims and scams.",
        version: ParoleWatchVersion.string
    )
}
