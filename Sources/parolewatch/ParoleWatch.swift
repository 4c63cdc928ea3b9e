import ArgumentParser
import ParoleWatchCore

@main
struct ParoleWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parolewatch",
        abstract: "Watch feeds for false 'parole is reopening' claims and the scams around them.",
        discussion: """
            Exit status: 0 success · 1 any other failure · 64 bad command line · 78 bad configuration.
            Without --config: ./config/parolewatch.yaml, then /etc/parolewatch/parolewatch.yaml.
            """,
        version: ParoleWatchVersion.string,
        subcommands: [
            RunCommand.self,
            CheckConfigCommand.self,
            FeedCommand.self,
            StatusCommand.self,
            AlertsCommand.self,
            DigestCommand.self,
            WebhookCommand.self,
            ScoreCommand.self,
            EvalCommand.self,
            TrainCommand.self,
        ]
    )
}
