import Foundation
import Testing

@testable import ParoleWatchCore

/// YAML-level behavior of the loader: syntax errors, repeated keys, merge keys, aliases, line endings.
@Suite("Config YAML handling")
struct ConfigYAMLTests {
    @Test(
        "YAML syntax errors carry libyaml's reason and position",
        arguments: [
            (
                "feeds: [\n",
                "parolewatch.yaml:2:1: not valid YAML: did not find expected node content (while parsing a flow node at line 2, column 1)"
            ),
            ("feeds: *nope\n", "parolewatch.yaml:1:8: not valid YAML: found undefined alias"),
            (
                "feeds: []\n\tpoll: {}\n",
                "parolewatch.yaml:2:1: not valid YAML: found character that cannot start any token (while scanning for the next token at line 2, column 1); indent with spaces, YAML does not allow tabs there"
            ),
            (
                "feeds: []\n---\nfeeds: []\n",
                "parolewatch.yaml:2:1: not valid YAML: but found another document (expected a single document in the stream at line 1, column 1)"
            ),
        ]
    )
    func reportsSyntaxErrors(_ text: String, _ expected: String) throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems(text)
        #expect(problems == [expected])
    }

    @Test("repeated keys are found with Windows line endings and with quoted keys")
    func findsRepeatedKeysAcrossStyles() throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems("feeds: []\r\n\"poll\": {}\r\n'poll': {}\r\npoll: {}\r\n")
        #expect(
            problems == [
                "parolewatch.yaml:3:1: poll: duplicate key 'poll'; it is first set at line 2, column 1",
                "parolewatch.yaml:4:1: poll: duplicate key 'poll'; it is first set at line 2, column 1",
            ]
        )
    }

    @Test("merge keys share subscriber settings; written keys win; x- top-level keys hold the anchors")
    func honorsMergeKeys() throws {
        let sandbox = try ConfigSandbox()
        let config = try sandbox.load(
            """
            x-defaults: &defaults
              url: https://hooks.example/default
              secret: whsec_dGVzdA==
              schedule: every 1h
            feeds: []
            subscribers:
              - <<: *defaults
                id: a
              - <<: [*defaults]
                id: b
                schedule: daily 08:00
            """
        )
        #expect(config.subscribers.map(\.id) == ["a", "b"])
        #expect(config.subscribers.map(\.url) == ["https://hooks.example/default", "https://hooks.example/default"])
        #expect(config.subscribers.map(\.schedule) == [.every(.seconds(3_600)), .daily(hour: 8, minute: 0)])
    }

    @Test("a problem inside a merged anchor is reported at the anchor, for each subscriber using it")
    func reportsAliasedProblemOnce() throws {
        let sandbox = try ConfigSandbox()
        let problems = try sandbox.problems(
            """
            x-defaults: &defaults
              url: https://hooks.example/default
              secret: whsec_dGVzdA==
              scheduel: every 1h
            feeds: []
            subscribers:
              - {<<: *defaults, id: a}
              - {<<: *defaults, id: b}
              - {<<: 12, id: c}
            """
        )
        #expect(
            problems == [
                "parolewatch.yaml:4:3: subscribers[0].scheduel: unknown key 'scheduel'; did you mean 'schedule'?",
                "parolewatch.yaml:4:3: subscribers[1].scheduel: unknown key 'scheduel'; did you mean 'schedule'?",
                "parolewatch.yaml:9:5: subscribers[2].url: missing required key 'url'",
                "parolewatch.yaml:9:5: subscribers[2].secret: missing; give one of secret, secret_file or secret_credential",
                "parolewatch.yaml:9:10: subscribers[2].<<: expected a mapping or a list of mappings to merge, got '12'",
            ]
        )
    }

    @Test("keys that are not text, and empty documents, are explained")
    func explainsOddShapes() throws {
        let sandbox = try ConfigSandbox()
        #expect(
            try sandbox.problems("feeds: []\n? [a, b]\n: 1\n") == [
                "parolewatch.yaml:2:3: keys must be text, got a list"
            ]
        )
        #expect(
            try sandbox.problems("\u{FEFF}feeds: []\nfoo: 1\n") == [
                "parolewatch.yaml:2:1: foo: unknown key 'foo'; valid keys here are state_dir, model, feeds, poll, alerts, subscribers"
            ]
        )
    }

    @Test("a file too large to be a config is refused without reading it")
    func refusesHugeFiles() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("huge.yaml", "feeds: []\n")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.absolutePath("huge.yaml")))
        try handle.truncate(atOffset: 17 * 1_048_576)  // sparse: no real disk use
        try handle.close()
        do {
            _ = try ConfigLoader.load(from: sandbox.url("huge.yaml"))
            Issue.record("a 17MiB config loaded")
        } catch {
            #expect(
                error.description
                    == "huge.yaml:1:1: config file 'huge.yaml' is 17MiB, more than the 16MiB a config may be"
            )
        }
    }

    @Test("an empty or shapeless feed-list file is explained")
    func explainsEmptyFeedList() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("empty.yaml", "# no feeds yet\n")
        try sandbox.write("wrong.yaml", "feeds: https://example.org/a.xml\n")
        try sandbox.write("nokey.yaml", "feed:\n  - {id: a, url: 'https://e.org/a'}\n")
        func problems(_ name: String) -> [String] {
            do {
                _ = try ConfigLoader.loadFeedList(from: sandbox.url(name))
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        #expect(
            problems("empty.yaml") == [
                "empty.yaml:1:1: the feed list is empty; write 'feeds:' followed by a list of {id, url} entries"
            ]
        )
        #expect(
            problems("wrong.yaml") == [
                "wrong.yaml:1:8: feeds: expected a list of feeds, got 'https://example.org/a.xml'"
            ]
        )
        #expect(
            problems("nokey.yaml") == [
                "nokey.yaml:1:1: feed: unknown key 'feed'; did you mean 'feeds'?",
                "nokey.yaml:1:1: feeds: missing required key 'feeds'; list the feeds under it",
            ]
        )
        #expect(problems("absent.yaml") == ["absent.yaml:1:1: feed-list file 'absent.yaml' does not exist"])
    }
}

/// Permission checks need a user that file modes apply to; root reads everything.
@Suite("Config file permissions", .enabled(if: getuid() != 0, "root ignores file modes"))
struct ConfigPermissionTests {
    @Test("an unreadable config file or secret file is reported, naming the file")
    func reportsUnreadableFiles() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("locked.yaml", "feeds: []\n")
        try sandbox.write("hook.secret", "whsec_dGVzdA==\n")
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0], ofItemAtPath: sandbox.absolutePath("locked.yaml"))
        try manager.setAttributes([.posixPermissions: 0], ofItemAtPath: sandbox.absolutePath("hook.secret"))
        defer {
            try? manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: sandbox.absolutePath("locked.yaml"))
            try? manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: sandbox.absolutePath("hook.secret"))
        }
        do {
            _ = try ConfigLoader.load(from: sandbox.url("locked.yaml"))
            Issue.record("an unreadable config loaded")
        } catch {
            #expect(
                error.description == "locked.yaml:1:1: cannot read config file 'locked.yaml'; check its permissions"
            )
        }
        let problems = try sandbox.problems(
            "feeds: []\nsubscribers:\n  - {id: a, url: 'https://h.example/x', secret_file: hook.secret}\n"
        )
        #expect(
            problems == [
                "parolewatch.yaml:3:54: subscribers[0].secret_file: cannot read secret file 'hook.secret'; check its permissions"
            ]
        )
    }
}
