import ArgumentParser
import Foundation
import ParoleWatchCore

struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "The moderators' view of the alert spool: list, show and acknowledge alerts.",
        subcommands: [AlertsListCommand.self, AlertsShowCommand.self, AlertsAckCommand.self]
    )
}

extension AlertSpool.State: ExpressibleByArgument {}

/// An alert id as people type it: `A000042`, `a42` or `42` all name alert `A000042`.
func canonicalAlertID(_ typed: String) -> String {
    if let row = AlertQueue.rowID(typed) ?? Int64(typed).flatMap({ $0 > 0 ? $0 : nil }) {
        return AlertQueue.publicID(row)
    }
    return typed
}

struct AlertsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the alerts in the spool, oldest first.",
        discussion: "Exit status: 0 listed (unreadable files are reported on standard error) · 78 bad configuration · 1 the spool cannot be read."
    )

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "Which alerts: new (not acknowledged), acked, or all.")
    var state: AlertSpool.State = .new

    @Flag(help: "Print a JSON array: [{id, state, created_at, score, feed, title, link, duplicates, file}].")
    var json = false

    func run() throws {
        let config = try configOptions.load()
        let scan: AlertSpool.Scan
        do {
            scan = try AlertSpool(directory: config.alerts.spoolDirectory).scan(state)
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        for problem in scan.problems { Output.standardError.write("parolewatch: skipped \(problem)\n") }
        Output.standardOutput.write(json ? Self.json(scan.entries) : Self.table(scan.entries))
    }

    static func json(_ entries: [AlertSpool.Entry]) -> String {
        let objects: [[String: Any]] = entries.map { entry in
            [
                "id": entry.alert.id, "state": entry.state.rawValue, "created_at": RFC3339.string(entry.alert.createdAt),
                "score": entry.alert.score, "feed": entry.alert.feed.id, "title": entry.alert.post.title,
                "link": entry.alert.post.link ?? NSNull(), "duplicates": entry.alert.duplicates,
                "file": entry.file.path,
            ]
        }
        return JSONLine.encode(objects, pretty: true) + "\n"
    }

    static func table(_ entries: [AlertSpool.Entry]) -> String {
        guard !entries.isEmpty else { return "no alerts\n" }
        var lines = ["ID        STATE  CREATED               SCORE  REPOSTS  FEED                 TITLE"]
        for entry in entries {
            let alert = entry.alert
            let title = alert.post.title.isEmpty ? String(alert.post.text.prefix(60)) : alert.post.title
            lines.append(
                [
                    pad(alert.id, 9), pad(entry.state.rawValue, 6), pad(RFC3339.string(alert.createdAt), 21),
                    pad(String(format: "%.1f", alert.score), 6), pad("\(alert.duplicates)", 8), pad(alert.feed.id, 20),
                    String(title.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(80)),
                ].joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

struct AlertsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one alert for a person: the post with matched spans marked, why it fired, the suggested reply.",
        discussion: "Exit status: 0 shown · 1 no such alert · 78 bad configuration."
    )

    @OptionGroup var configOptions: ConfigOptions

    @Argument(help: "The alert id, such as A000042.")
    var id: String

    func run() throws {
        let config = try configOptions.load()
        do {
            let id = canonicalAlertID(id)
            guard let (alert, _) = try AlertSpool(directory: config.alerts.spoolDirectory).alert(id: id) else {
                Output.standardError.write("parolewatch: no alert '\(id)' in \(config.alerts.spoolDirectory.path)\n")
                throw ExitCode(ExitStatus.failure)
            }
            Output.standardOutput.write(AlertText.render(alert))
        } catch let error as AlertSpoolError {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
    }
}

struct AlertsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge alerts: move their files from new/ to cur/.",
        discussion: "Exit status: 0 every alert acknowledged (or already acknowledged) · 1 some alert was not found or could not be moved · 78 bad configuration."
    )

    @OptionGroup var configOptions: ConfigOptions

    @Argument(help: "Alert ids, such as A000042.")
    var ids: [String]

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give at least one alert id") }
    }

    func run() throws {
        let config = try configOptions.load()
        let spool: AlertSpool
        do {
            spool = try AlertSpool(directory: config.alerts.spoolDirectory)
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        var failed = false
        for id in ids.map(canonicalAlertID) {
            do {
                let moved = try spool.acknowledge(id)
                Output.standardOutput.write(moved ? "\(id): acknowledged\n" : "\(id): already acknowledged\n")
            } catch {
                Output.standardError.write("parolewatch: \(id): \(error)\n")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.failure) }
    }
}
