import Foundation
import Yams

/// Walks a composed config document and builds a `Config`, reporting every problem to the `ProblemLog`.
///
/// Each key is read on its own: a wrong value is reported and replaced by nothing, and the walk goes on, so
/// one `check-config` run lists everything to fix. The result is meaningful only when the log stays empty.
struct ConfigParser {
    static let topLevelKeys = ["state_dir", "model", "feeds", "poll", "alerts", "subscribers"]
    static let pollKeys = ["interval", "concurrency", "timeout", "max_body", "jitter"]
    static let alertsKeys = ["spool", "replies"]
    /// Top-level keys with this prefix are ignored, as Docker Compose does, to hold YAML anchors for `<<` merges.
    static let extensionPrefix = "x-"

    let reader: NodeReader
    /// Absolute folder of the config file: relative paths in it resolve here.
    let folder: String

    var log: ProblemLog { reader.log }

    func parse(fileURL: URL) -> Config? {
        let root = reader.document.root ?? .mapping(Node.Mapping([]))
        guard
            let fields = reader.mapping(
                root,
                "",
                allowed: Self.topLevelKeys,
                what: "the configuration",
                ignoredPrefix: Self.extensionPrefix
            )
        else { return nil }
        let stateDirectory = directory(fields, "state_dir", default: ConfigPaths.join(folder, "var"))
        let modelURL = fields.value("model").flatMap { existingFile($0, "model", what: "model file") }
        let feeds = readFeeds(fields)
        let poll = readPoll(fields)
        let spoolDefault =
            stateDirectory.map { ConfigPaths.join($0.path, "alerts") } ?? ConfigPaths.join(folder, "var/alerts")
        let alerts = readAlerts(fields, defaultSpool: spoolDefault)
        let subscribers = readSubscribers(fields)
        guard let stateDirectory, let feeds, let alerts, let subscribers else { return nil }
        return Config(
            fileURL: fileURL,
            stateDirectory: stateDirectory,
            modelURL: modelURL,
            feedListURL: feeds.listURL,
            feeds: feeds.feeds,
            poll: poll,
            alerts: alerts,
            subscribers: subscribers
        )
    }

    /// A folder path (created later by whoever uses it): it may be missing but must not be a file.
    private func directory(_ fields: MappingFields, _ name: String, default defaultPath: String) -> URL? {
        guard let node = fields.value(name) else {
            return URL(fileURLWithPath: defaultPath, isDirectory: true)
        }
        let keyPath = fields.path(name)
        guard let written = reader.text(node, keyPath, what: "a folder path") else { return nil }
        let path = ConfigPaths.join(folder, written)
        if ConfigPaths.kind(of: path) == .file {
            reader.report(node, keyPath, "'\(reader.displayPath(written))' is a file, expected a folder")
            return nil
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// A file that must exist when given (`model`, `alerts.replies`).
    private func existingFile(_ node: Node, _ keyPath: String, what: String) -> URL? {
        guard let written = reader.text(node, keyPath, what: "the path of the \(what)") else { return nil }
        let path = ConfigPaths.join(folder, written)
        switch ConfigPaths.kind(of: path) {
        case .missing:
            reader.report(node, keyPath, "\(what) '\(reader.displayPath(written))' does not exist")
            return nil
        case .directory:
            reader.report(node, keyPath, "'\(reader.displayPath(written))' is a folder, expected the \(what)")
            return nil
        case .file:
            return URL(fileURLWithPath: path, isDirectory: false)
        }
    }

    private func readPoll(_ fields: MappingFields) -> PollConfig {
        var poll = PollConfig.default
        guard let node = fields.value("poll"),
            let settings = reader.mapping(node, "poll", allowed: Self.pollKeys, what: "polling settings")
        else { return poll }
        let forever = Duration.seconds(Int64.max / 2)
        if let value = settings.value("interval") {
            poll.interval = reader.duration(value, "poll.interval", in: .seconds(1)...forever) ?? poll.interval
        }
        if let value = settings.value("concurrency") {
            poll.concurrency = reader.integer(value, "poll.concurrency", in: 1...1024) ?? poll.concurrency
        }
        if let value = settings.value("timeout") {
            poll.timeout = reader.duration(value, "poll.timeout", in: .seconds(1)...(.seconds(600))) ?? poll.timeout
        }
        if let value = settings.value("max_body") {
            poll.maxBodyBytes =
                reader.byteSize(value, "poll.max_body", in: 1_024...1_073_741_824) ?? poll.maxBodyBytes
        }
        if let value = settings.value("jitter") {
            poll.jitter =
                reader.number(value, "poll.jitter", what: "a fraction between 0 and 0.5", in: 0...0.5) ?? poll.jitter
        }
        return poll
    }

    private func readAlerts(_ fields: MappingFields, defaultSpool: String) -> AlertsConfig? {
        guard let node = fields.value("alerts") else {
            return AlertsConfig(spoolDirectory: URL(fileURLWithPath: defaultSpool, isDirectory: true))
        }
        guard let settings = reader.mapping(node, "alerts", allowed: Self.alertsKeys, what: "alert settings") else {
            return nil
        }
        let spool = directory(settings, "spool", default: defaultSpool)
        var replies: URL?
        if let node = settings.value("replies") {
            replies = existingFile(node, settings.path("replies"), what: "replies file")
            if replies == nil { return nil }
        }
        return spool.map { AlertsConfig(spoolDirectory: $0, repliesURL: replies) }
    }

    /// Identifiers of feeds and subscribers: what they may contain, or why not.
    static func identifierProblem(_ id: String, what: String) -> String? {
        let allowed = id.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        guard allowed, id.count <= 64 else {
            return "\(what) '\(id.prefix(80))' must be 1 to 64 letters, digits, '.', '_' or '-'"
        }
        return nil
    }

    /// Language codes: `mixed`, or 2–3 lowercase ASCII letters (ISO 639: `es`, `en`, `ht`, `fr`, `hat`).
    static func isLanguageCode(_ code: String) -> Bool {
        code == "mixed"
            || ((2...3).contains(code.unicodeScalars.count)
                && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) })
    }

    static let languageExpectation = "a language code of 2 or 3 lowercase letters (es, en, ht, fr) or 'mixed'"
}

extension NodeReader {
    /// An id (`feeds[].id`, `subscribers[].id`) that is well formed and not used before in `firstIDs`, where it is
    /// then recorded; nil after reporting why not. `what` names it in problems: "feed id".
    func uniqueIdentifier(_ node: Node, _ keyPath: String, what: String, firstIDs: inout [String: Node]) -> String? {
        guard let id = text(node, keyPath, what: "a \(what)") else { return nil }
        if let problem = ConfigParser.identifierProblem(id, what: what) {
            report(node, keyPath, problem)
            return nil
        }
        if let first = firstIDs[id] {
            let position = first.mark.map { "line \($0.line), column \($0.column)" } ?? "earlier"
            report(node, keyPath, "duplicate \(what) '\(id)'; it is first used at \(position)")
            return nil
        }
        firstIDs[id] = node
        return id
    }
}
