import Foundation
import Testing

@testable import ParoleWatchCore

/// The `Fixtures/config` folder, and URLs relative to it, so problems name files as `check-config` users see them.
enum ConfigFixtures {
    static let folder = URL(
        fileURLWithPath: Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(
            "config"
        ).path,
        isDirectory: true
    )

    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: name, relativeTo: folder)
    }

    /// The problem lines for loading `name`, or an empty list when it loads.
    static func problems(_ name: String) -> [String] {
        do {
            _ = try ConfigLoader.load(from: url(name))
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }
}

/// A temporary folder for config files written by a test; removed when the test drops it.
final class ConfigSandbox {
    let folder: URL

    init() throws {
        folder = URL(
            fileURLWithPath: FileManager.default.temporaryDirectory.appendingPathComponent(
                "pw-config-\(UUID().uuidString)"
            ).path,
            isDirectory: true
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `text` to `name` (folders created as needed) and returns its URL relative to the sandbox.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return url(name)
    }

    func url(_ name: String) -> URL {
        URL(fileURLWithPath: name, relativeTo: folder)
    }

    func absolutePath(_ name: String) -> String {
        folder.appendingPathComponent(name).standardizedFileURL.path
    }

    /// Writes a config and returns its problem lines (empty when it loads).
    func problems(_ text: String, name: String = "parolewatch.yaml") throws -> [String] {
        try write(name, text)
        do {
            _ = try ConfigLoader.load(from: url(name))
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func load(_ text: String, name: String = "parolewatch.yaml") throws -> Config {
        try write(name, text)
        return try ConfigLoader.load(from: url(name))
    }
}

@Suite("ConfigLoader")
struct ConfigLoaderTests {
    // MARK: Valid configurations

    @Test("a config using every key loads with all paths resolved against its folder")
    func loadsFullConfig() throws {
        let config = try ConfigLoader.load(from: ConfigFixtures.url("full/config/valid-full.yaml"))
        let base = ConfigFixtures.folder.appendingPathComponent("full").standardizedFileURL.path
        func file(_ path: String) -> URL { URL(fileURLWithPath: base + "/" + path, isDirectory: false) }
        func folder(_ path: String) -> URL { URL(fileURLWithPath: base + "/" + path, isDirectory: true) }
        let sample = file("feeds/samples/a.xml").absoluteString
        let expected = Config(
            fileURL: file("config/valid-full.yaml"),
            stateDirectory: folder("var"),
            modelURL: file("config/model.yaml"),
            feedListURL: file("feeds/feeds-list.yaml"),
            feeds: [
                FeedConfig(id: "cibercuba", url: "https://www.cibercuba.com/rss.xml", language: "es"),
                FeedConfig(
                    id: "haiti-news",
                    url: "http://example.org/feed.atom",
                    interval: .seconds(1_800),
                    language: "ht"
                ),
                FeedConfig(id: "local-sample", url: sample),
                FeedConfig(id: "local-sample-2", url: sample, language: "mixed"),
            ],
            poll: PollConfig(
                interval: .seconds(900),
                concurrency: 8,
                timeout: .seconds(30),
                maxBodyBytes: 2 * 1_048_576,
                jitter: 0.25
            ),
            alerts: AlertsConfig(spoolDirectory: folder("spool")),
            subscribers: [
                SubscriberConfig(
                    id: "havana-helpers",
                    url: "https://hooks.example/parolewatch",
                    secret: .inline(Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
                    format: .json,
                    schedule: .every(.seconds(3_600)),
                    minScore: 2.5,
                    languages: ["es", "ht"]
                ),
                SubscriberConfig(
                    id: "miami.volunteers",
                    url: "http://127.0.0.1:8080/hook",
                    secret: .file(file("secrets/miami.secret")),
                    format: .slack,
                    schedule: .daily(hour: 7, minute: 30)
                ),
                SubscriberConfig(
                    id: "port_au_prince",
                    url: "https://api.telegram.example/bot/send",
                    secret: .credential("telegram-secret"),
                    format: .telegram
                ),
            ]
        )
        #expect(config == expected)
        #expect(config.feeds.map(\.isLocalFile) == [false, false, true, true])
        #expect(
            config.feeds.map { config.interval(for: $0) } == [
                .seconds(900), .seconds(1_800), .seconds(900), .seconds(900),
            ]
        )
        #expect(sample.hasPrefix("file:///"))
    }

    @Test("a minimal config gets the documented defaults")
    func appliesDefaults() throws {
        let sandbox = try ConfigSandbox()
        let config = try sandbox.load("feeds: []\n", name: "etc/parolewatch.yaml")
        let etc = sandbox.absolutePath("etc")
        #expect(config.fileURL == URL(fileURLWithPath: etc + "/parolewatch.yaml", isDirectory: false))
        #expect(config.stateDirectory == URL(fileURLWithPath: etc + "/var", isDirectory: true))
        #expect(config.alerts.spoolDirectory == URL(fileURLWithPath: etc + "/var/alerts", isDirectory: true))
        #expect(config.modelURL == nil)
        #expect(config.feedListURL == nil)
        #expect(config.feeds.isEmpty)
        #expect(config.subscribers.isEmpty)
        #expect(config.poll == PollConfig.default)
        #expect(config.poll.interval == .seconds(600))
        #expect(config.poll.concurrency == 16)
        #expect(config.poll.timeout == .seconds(20))
        #expect(config.poll.maxBodyBytes == 15 * 1_048_576)
        #expect(config.poll.jitter == 0.1)
    }

    @Test("the alert spool defaults to alerts/ inside a configured state_dir; empty values count as absent")
    func spoolFollowsStateDirectory() throws {
        let sandbox = try ConfigSandbox()
        let config = try sandbox.load("state_dir: /srv/pw/state/\nfeeds: []\npoll:\nalerts:\nsubscribers: ~\n")
        #expect(config.stateDirectory == URL(fileURLWithPath: "/srv/pw/state", isDirectory: true))
        #expect(config.alerts.spoolDirectory == URL(fileURLWithPath: "/srv/pw/state/alerts", isDirectory: true))
        #expect(config.poll == .default)
        #expect(config.subscribers.isEmpty)
    }

    @Test("relative paths resolve against the config file's folder, not the current folder")
    func resolvesRelativePaths() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("deploy/models/model.yaml", "rules: []\n")
        try sandbox.write("deploy/keys/hook.secret", "whsec_dGVzdA==\n")
        try sandbox.write("deploy/lists/feeds.yaml", "feeds:\n  - {id: a, url: 'file:../samples/a.xml'}\n")
        try sandbox.write("deploy/samples/a.xml", "<rss/>")
        let config = try sandbox.load(
            """
            state_dir: ./state/../var
            model: ../models/model.yaml
            feeds: ../lists/feeds.yaml
            alerts: { spool: /var/spool/parolewatch }
            subscribers:
              - { id: s, url: 'https://h.example/x', secret_file: ../keys/hook.secret }
            """,
            name: "deploy/config/parolewatch.yaml"
        )
        let deploy = sandbox.absolutePath("deploy")
        #expect(config.stateDirectory == URL(fileURLWithPath: deploy + "/config/var", isDirectory: true))
        #expect(config.modelURL == URL(fileURLWithPath: deploy + "/models/model.yaml", isDirectory: false))
        #expect(config.feedListURL == URL(fileURLWithPath: deploy + "/lists/feeds.yaml", isDirectory: false))
        #expect(config.feeds.map(\.url) == [URL(fileURLWithPath: deploy + "/samples/a.xml").absoluteString])
        #expect(config.alerts.spoolDirectory == URL(fileURLWithPath: "/var/spool/parolewatch", isDirectory: true))
        #expect(config.subscribers.first?.secret == .file(URL(fileURLWithPath: deploy + "/keys/hook.secret")))
    }

    @Test("an inline feed list is read in place; its relative file: URLs resolve against the config's folder")
    func readsInlineFeeds() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("cfg/samples/b.xml", "<feed/>")
        try sandbox.write("cfg/samples/with space.xml", "<feed/>")
        let config = try sandbox.load(
            """
            feeds:
              - id: remote
                url: HTTPS://Example.org/feed?x=1
                interval: 1h30m
                lang: fr
              - { id: local, url: "file://samples/b.xml" }
              - { id: escaped, url: "file:samples/with%20space.xml" }
              - { id: absolute, url: "file://\(sandbox.absolutePath("cfg/samples/b.xml"))" }
              - { id: localhost, url: "file://localhost\(sandbox.absolutePath("cfg/samples/b.xml"))" }
            """,
            name: "cfg/parolewatch.yaml"
        )
        let sample = URL(fileURLWithPath: sandbox.absolutePath("cfg/samples/b.xml")).absoluteString
        #expect(config.feedListURL == nil)
        #expect(
            config.feeds == [
                FeedConfig(
                    id: "remote",
                    url: "HTTPS://Example.org/feed?x=1",
                    interval: .seconds(5_400),
                    language: "fr"
                ),
                FeedConfig(id: "local", url: sample),
                FeedConfig(
                    id: "escaped",
                    url: URL(fileURLWithPath: sandbox.absolutePath("cfg/samples/with space.xml")).absoluteString
                ),
                FeedConfig(id: "absolute", url: sample),
                FeedConfig(id: "localhost", url: sample),
            ]
        )
    }

    @Test("a feed-list file may be a bare top-level list")
    func loadsBareFeedList() throws {
        let feeds = try ConfigLoader.loadFeedList(from: ConfigFixtures.url("feeds-bare-list.yaml"))
        let sample = ConfigFixtures.folder.appendingPathComponent("full/feeds/samples/a.xml").standardizedFileURL
        #expect(
            feeds == [
                FeedConfig(id: "a", url: "https://example.org/a.xml"),
                FeedConfig(id: "b", url: URL(fileURLWithPath: sample.path).absoluteString, interval: .seconds(5_400)),
            ]
        )
    }

    @Test("schedules: immediate, every DURATION, daily HH:MM, and format defaults to json")
    func readsSchedules() throws {
        let sandbox = try ConfigSandbox()
        let config = try sandbox.load(
            """
            feeds: []
            subscribers:
              - { id: a, url: 'https://h.example/a', secret: whsec_dGVzdA==, schedule: immediate }
              - { id: b, url: 'https://h.example/b', secret: whsec_dGVzdA==, schedule: every 30m }
              - { id: c, url: 'https://h.example/c', secret: whsec_dGVzdA==, schedule: daily 7:05 }
              - { id: d, url: 'https://h.example/d', secret: whsec_dGVzdA==, schedule: daily 23:59 }
              - { id: e, url: 'https://h.example/e', secret: whsec_dGVzdA== }
            """
        )
        #expect(
            config.subscribers.map(\.schedule) == [
                .immediate, .every(.seconds(1_800)), .daily(hour: 7, minute: 5), .daily(hour: 23, minute: 59),
                .immediate,
            ]
        )
        #expect(
            config.subscribers.map(\.schedule.description) == [
                "immediate", "every 30m", "daily 07:05", "daily 23:59", "immediate",
            ]
        )
        #expect(config.subscribers.allSatisfy { $0.format == .json })
    }

    @Test("without --config, ./config/parolewatch.yaml wins when it exists, else /etc/parolewatch")
    func findsDefaultConfig() throws {
        let sandbox = try ConfigSandbox()
        let cwd = sandbox.folder
        #expect(ConfigLoader.defaultConfigURL(currentDirectory: cwd).path == "/etc/parolewatch/parolewatch.yaml")
        try sandbox.write("config/parolewatch.yaml", "feeds: []\n")
        let found = ConfigLoader.defaultConfigURL(currentDirectory: cwd)
        #expect(found.relativePath == "config/parolewatch.yaml")
        #expect(found.standardizedFileURL.path == sandbox.absolutePath("config/parolewatch.yaml"))
    }

    // MARK: Problems, exact text

    @Test("unknown keys are reported at the key, with the closest valid key or the list of valid keys")
    func reportsUnknownKeys() {
        #expect(
            ConfigFixtures.problems("unknown-key.yaml") == [
                "unknown-key.yaml:3:3: poll.intervall: unknown key 'intervall'; did you mean 'interval'?",
                "unknown-key.yaml:4:3: poll.concurency: unknown key 'concurency'; did you mean 'concurrency'?",
                "unknown-key.yaml:5:1: stat_dir: unknown key 'stat_dir'; did you mean 'state_dir'?",
                "unknown-key.yaml:6:1: colour: unknown key 'colour'; valid keys here are state_dir, model, feeds, poll, alerts, subscribers",
            ]
        )
    }

    @Test("every problem in a file is reported at once, in line and column order")
    func reportsAllProblemsAtOnce() {
        #expect(
            ConfigFixtures.problems("many-problems.yaml") == [
                "many-problems.yaml:4:10: feeds[0].url: unsupported URL scheme 'ftp'; use http://, https:// or file://",
                "many-problems.yaml:5:9: feeds[1].id: duplicate feed id 'one'; it is first used at line 3, column 9",
                "many-problems.yaml:7:5: feeds[2].id: missing required key 'id'",
                "many-problems.yaml:7:10: feeds[2].url: expected an http://, https:// or file:// URL, got 'example.org/c'; for a local file write 'file:example.org/c'",
                "many-problems.yaml:8:19: poll.interval: expected a duration such as 20s, 10m or 1h30m, got 'fast'",
                "many-problems.yaml:8:38: poll.concurrency: must be between 1 and 1024, got 0",
                "many-problems.yaml:8:50: poll.timeout: expected a duration such as 20s, got '20'; add a unit: ms, s, m, h or d",
                "many-problems.yaml:8:64: poll.max_body: must be between 1KiB and 1GiB, got 2GiB",
                "many-problems.yaml:8:78: poll.jitter: must be between 0 and 0.5, got 0.9",
                "many-problems.yaml:10:5: subscribers[0].secret: missing; give one of secret, secret_file or secret_credential",
                "many-problems.yaml:11:10: subscribers[0].url: expected an http:// or https:// URL, got one with scheme 'ftp'",
                "many-problems.yaml:12:13: subscribers[0].format: expected one of json, slack, discord, telegram, got 'xml'",
                "many-problems.yaml:13:15: subscribers[0].schedule: '25:00' is not a time of day; hours run 00–23, minutes 00–59",
                "many-problems.yaml:14:16: subscribers[0].min_score: must be a finite number, got '.inf'",
                "many-problems.yaml:15:17: subscribers[0].languages[0]: expected a language code of 2 or 3 lowercase letters (es, en, ht, fr) or 'mixed', got 'ES'",
                "many-problems.yaml:16:9: subscribers[1].id: duplicate subscriber id 'group'; it is first used at line 10, column 9",
                "many-problems.yaml:18:13: subscribers[1].secret: the text after whsec_ (not shown) is not valid, non-empty base64",
            ]
        )
    }

    @Test("repeated keys are reported at the repeat, and the rest of the file is still checked")
    func reportsDuplicateKeys() {
        #expect(
            ConfigFixtures.problems("duplicate-keys.yaml") == [
                "duplicate-keys.yaml:4:3: poll.timeout: duplicate key 'timeout'; it is first set at line 3, column 3",
                "duplicate-keys.yaml:5:1: poll: duplicate key 'poll'; it is first set at line 2, column 1",
            ]
        )
    }

    @Test("repeated keys deep inside lists, three times over, and quoted, are all found")
    func reportsNestedDuplicateKeys() throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems(
            """
            feeds:
              - id: a
                url: https://example.org/a
                "id": b
                id: c
            poll: {jitter: 0.2, jitter: 0.3, concurrency: 0}
            """
        )
        #expect(
            problems == [
                "parolewatch.yaml:4:5: feeds[0].id: duplicate key 'id'; it is first set at line 2, column 5",
                "parolewatch.yaml:5:5: feeds[0].id: duplicate key 'id'; it is first set at line 2, column 5",
                "parolewatch.yaml:6:21: poll.jitter: duplicate key 'jitter'; it is first set at line 6, column 8",
                "parolewatch.yaml:6:47: poll.concurrency: must be between 1 and 1024, got 0",
            ]
        )
    }

    @Test("YAML syntax errors are reported at Yams' mark")
    func reportsSyntaxErrors() {
        let problems = ConfigFixtures.problems("syntax-error.yaml")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("syntax-error.yaml:4:2: not valid YAML: ") == true)
    }

    @Test("a missing or unreadable config file is reported at 1:1 of that file")
    func reportsMissingConfigFile() throws {
        #expect(ConfigFixtures.problems("absent.yaml") == ["absent.yaml:1:1: config file 'absent.yaml' does not exist"])
        #expect(ConfigFixtures.problems("full") == ["full:1:1: config file 'full' is a folder, expected a YAML file"])
        let sandbox = try ConfigSandbox()
        try sandbox.write("latin1.yaml", "")
        try Data([0x66, 0x65, 0x65, 0x64, 0x73, 0x3A, 0x20, 0xE9, 0x0A]).write(
            to: sandbox.folder.appendingPathComponent("latin1.yaml")
        )
        #expect(throws: ConfigError.self) { try ConfigLoader.load(from: sandbox.url("latin1.yaml")) }
        #expect(
            (try? ConfigLoader.load(from: sandbox.url("latin1.yaml"))) == nil
        )
        do {
            _ = try ConfigLoader.load(from: sandbox.url("latin1.yaml"))
        } catch {
            #expect(error.description == "latin1.yaml:1:1: config file 'latin1.yaml' is not UTF-8 text")
        }
    }

    @Test("an empty config file needs at least feeds; a non-mapping top level is explained")
    func reportsEmptyAndWrongTopLevel() throws {
        let sandbox = try ConfigSandbox()
        #expect(
            try sandbox.problems("# nothing yet\n") == [
                "parolewatch.yaml:1:1: feeds: missing required key 'feeds'; give the path of a feed-list file or a list of feeds"
            ]
        )
        #expect(
            try sandbox.problems("- feeds\n") == [
                "parolewatch.yaml:1:1: expected the configuration (a mapping of keys to values), got a list"
            ]
        )
        #expect(
            try sandbox.problems("feeds: {a: 1}\n") == [
                "parolewatch.yaml:1:8: feeds: expected the path of a feed-list file or a list of feeds, got a mapping"
            ]
        )
    }

    @Test("a missing feed-list file is reported at the config's feeds value, naming the path")
    func reportsMissingFeedList() {
        #expect(
            ConfigFixtures.problems("missing-feed-list.yaml") == [
                "missing-feed-list.yaml:2:8: feeds: feed-list file 'lists/absent.yaml' does not exist"
            ]
        )
    }

    @Test("problems inside a feed-list file carry that file's name, lines and feeds[i] key paths")
    func reportsFeedListProblemsInTheirOwnFile() {
        let expected = [
            "feeds-broken.yaml:4:9: feeds[1].id: feed id 'bad id!' must be 1 to 64 letters, digits, '.', '_' or '-'",
            "feeds-broken.yaml:7:10: feeds[2].url: unsupported URL scheme 'gopher'; use http://, https:// or file://",
            "feeds-broken.yaml:8:5: feeds[2].languge: unknown key 'languge'; did you mean 'lang'?",
            "feeds-broken.yaml:10:10: feeds[3].url: local feed file 'samples/missing.xml' does not exist",
            "feeds-broken.yaml:11:9: feeds[4].id: duplicate feed id 'ok'; it is first used at line 2, column 9",
            "feeds-broken.yaml:13:15: feeds[4].interval: expected a duration such as 20s, got '10'; add a unit: ms, s, m, h or d",
        ]
        #expect(ConfigFixtures.problems("feeds-with-problems.yaml") == expected)
        #expect(throws: ConfigError.self) {
            try ConfigLoader.loadFeedList(from: ConfigFixtures.url("feeds-broken.yaml"))
        }
        do {
            _ = try ConfigLoader.loadFeedList(from: ConfigFixtures.url("feeds-broken.yaml"))
        } catch {
            #expect(error.problems.map(\.description) == expected)
        }
    }

    @Test("problems in several files are ordered by file, then line, then column")
    func ordersProblemsByFile() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("a-feeds.yaml", "feeds:\n  - {id: x, url: 'ftp://x'}\n")
        let problems = try sandbox.problems("poll: {timeout: 0s}\nfeeds: a-feeds.yaml\n", name: "b-config.yaml")
        #expect(
            problems == [
                "a-feeds.yaml:2:18: feeds[0].url: unsupported URL scheme 'ftp'; use http://, https:// or file://",
                "b-config.yaml:1:17: poll.timeout: must be between 1s and 10m, got 0s",
            ]
        )
    }

    @Test("feed-list file paths in problems stay relative to where the config was named")
    func namesFeedListRelativeToCaller() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("feeds/list.yaml", "feeds:\n  - {id: x, url: 'file:nope.xml'}\n")
        let problems = try sandbox.problems("feeds: ../feeds/list.yaml\n", name: "config/pw.yaml")
        #expect(problems == ["feeds/list.yaml:2:18: feeds[0].url: local feed file 'feeds/nope.xml' does not exist"])
    }

    @Test(
        "range and type checks name the key and the allowed values",
        arguments: [
            ("poll: {interval: 500ms}", "parolewatch.yaml:2:18: poll.interval: must be at least 1s, got 500ms"),
            ("poll: {timeout: 11m}", "parolewatch.yaml:2:17: poll.timeout: must be between 1s and 10m, got 11m"),
            (
                "poll: {concurrency: 1025}",
                "parolewatch.yaml:2:21: poll.concurrency: must be between 1 and 1024, got 1025"
            ),
            (
                "poll: {concurrency: many}",
                "parolewatch.yaml:2:21: poll.concurrency: expected a whole number, got 'many'"
            ),
            ("poll: {max_body: 1000}", "parolewatch.yaml:2:18: poll.max_body: must be between 1KiB and 1GiB, got 1000"),
            (
                "poll: {max_body: huge}",
                "parolewatch.yaml:2:18: poll.max_body: expected a size such as 512KiB or 15MiB, got 'huge'"
            ),
            ("poll: {jitter: -0.1}", "parolewatch.yaml:2:16: poll.jitter: must be between 0 and 0.5, got -0.1"),
            (
                "poll: {timeout: [1s]}",
                "parolewatch.yaml:2:17: poll.timeout: expected a duration such as 20s, got a list"
            ),
            (
                "poll: 10m",
                "parolewatch.yaml:2:7: poll: expected polling settings (a mapping of keys to values), got '10m'"
            ),
            ("state_dir: {a: b}", "parolewatch.yaml:2:12: state_dir: expected a folder path, got a mapping"),
            ("model: missing.yaml", "parolewatch.yaml:2:8: model: model file 'missing.yaml' does not exist"),
            (
                "alerts: {spool: parolewatch.yaml}",
                "parolewatch.yaml:2:17: alerts.spool: 'parolewatch.yaml' is a file, expected a folder"
            ),
            ("alerts: {spoll: x}", "parolewatch.yaml:2:10: alerts.spoll: unknown key 'spoll'; did you mean 'spool'?"),
            (
                "subscribers: {id: a}",
                "parolewatch.yaml:2:14: subscribers: expected a list of subscribers, got a mapping"
            ),
        ]
    )
    func reportsRangeAndTypeProblems(_ line: String, _ expected: String) throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems("feeds: []\n\(line)\n")
        #expect(problems == [expected])
    }

    @Test(
        "feed entries: ids, URLs, intervals and languages are checked",
        arguments: [
            (
                "- {id: '', url: 'https://e.org/a'}",
                "parolewatch.yaml:2:10: feeds[0].id: expected a feed id, got empty text"
            ),
            (
                "- {id: \(String(repeating: "x", count: 65)), url: 'https://e.org/a'}",
                "parolewatch.yaml:2:10: feeds[0].id: feed id '\(String(repeating: "x", count: 65))' must be 1 to 64 letters, digits, '.', '_' or '-'"
            ),
            (
                "- {id: a, url: 'https:///nohost'}",
                "parolewatch.yaml:2:18: feeds[0].url: 'https:///nohost' is not a valid URL (no host, or spaces not percent-encoded)"
            ),
            (
                "- {id: a, url: 'file:missing.xml'}",
                "parolewatch.yaml:2:18: feeds[0].url: local feed file 'missing.xml' does not exist"
            ),
            (
                "- {id: a, url: 'file://'}",
                "parolewatch.yaml:2:18: feeds[0].url: 'file://' has no file path (or a malformed %-escape)"
            ),
            (
                "- {id: a, url: 'https://e.org/a', interval: 0s}",
                "parolewatch.yaml:2:47: feeds[0].interval: must be at least 1s, got 0s"
            ),
            (
                "- {id: a, url: 'https://e.org/a', lang: Spanish}",
                "parolewatch.yaml:2:43: feeds[0].lang: expected a language code of 2 or 3 lowercase letters (es, en, ht, fr) or 'mixed', got 'Spanish'"
            ),
            ("- {url: 'https://e.org/a'}", "parolewatch.yaml:2:5: feeds[0].id: missing required key 'id'"),
            ("- {id: a}", "parolewatch.yaml:2:5: feeds[0].url: missing required key 'url'"),
            (
                "- just-a-url",
                "parolewatch.yaml:2:5: feeds[0]: expected a feed {id, url} (a mapping of keys to values), got 'just-a-url'"
            ),
        ]
    )
    func reportsFeedProblems(_ entry: String, _ expected: String) throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems("feeds:\n  \(entry)\n")
        #expect(problems == [expected])
    }

    @Test(
        "subscriber entries: URL, format, schedule, filters and secret choice are checked",
        arguments: [
            (
                "url: 'mailto:x@example.org', secret: whsec_dGVzdA==",
                "parolewatch.yaml:3:23: subscribers[0].url: expected an http:// or https:// URL, got one with no scheme"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, format: slak",
                "parolewatch.yaml:3:76: subscribers[0].format: expected one of json, slack, discord, telegram, got 'slak'; did you mean 'slack'?"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, schedule: hourly",
                "parolewatch.yaml:3:78: subscribers[0].schedule: expected 'immediate', 'every DURATION' (every 1h) or 'daily HH:MM' (daily 07:30), got 'hourly'"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, schedule: every 30",
                "parolewatch.yaml:3:78: subscribers[0].schedule: '30' is not a duration such as 30m or 1h"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, schedule: every 500ms",
                "parolewatch.yaml:3:78: subscribers[0].schedule: the interval must be at least 1s, got '500ms'"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, schedule: daily 7.30",
                "parolewatch.yaml:3:78: subscribers[0].schedule: '7.30' is not a time; write HH:MM, such as 07:30"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, schedule: daily 12:60",
                "parolewatch.yaml:3:78: subscribers[0].schedule: '12:60' is not a time of day; hours run 00–23, minutes 00–59"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, min_score: high",
                "parolewatch.yaml:3:79: subscribers[0].min_score: expected a number, got 'high'"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, languages: []",
                "parolewatch.yaml:3:79: subscribers[0].languages: an empty list filters out every alert; remove the key to accept all languages"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, languages: es",
                "parolewatch.yaml:3:79: subscribers[0].languages: expected a list of language codes such as [es, ht], got 'es'"
            ),
            (
                "url: 'https://h.example', secret: whsec_dGVzdA==, secret_credential: pw",
                "parolewatch.yaml:3:68: subscribers[0].secret_credential: give only one of secret, secret_file or secret_credential; 'secret' is already set"
            ),
            (
                "url: 'https://h.example', secret_credential: '../etc/x'",
                "parolewatch.yaml:3:63: subscribers[0].secret_credential: '../etc/x' is not a credential name; use letters, digits, '.', '_', '-' or '@' as in LoadCredential="
            ),
            (
                "url: 'https://h.example', secret_file: nope.secret",
                "parolewatch.yaml:3:57: subscribers[0].secret_file: secret file 'nope.secret' does not exist"
            ),
            (
                "url: 'https://h.example', secret: [a]",
                "parolewatch.yaml:3:52: subscribers[0].secret: expected whsec_ followed by a base64 key, got a list"
            ),
            (
                "url: 'https://h.example', secret: whsec_",
                "parolewatch.yaml:3:52: subscribers[0].secret: the text after whsec_ (not shown) is not valid, non-empty base64"
            ),
            (
                "url: 'https://h.example', sekret: x, secret: whsec_dGVzdA==",
                "parolewatch.yaml:3:44: subscribers[0].sekret: unknown key 'sekret'; did you mean 'secret'?"
            ),
        ]
    )
    func reportsSubscriberProblems(_ fields: String, _ expected: String) throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems("feeds: []\nsubscribers:\n  - { id: group, \(fields) }\n")
        #expect(problems == [expected])
    }
}
