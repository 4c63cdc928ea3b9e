import Foundation
import Testing

@testable import ParoleWatchCore

/// The small value types and helpers behind the loader.
@Suite("Config values")
struct ConfigValuesTests {
    @Test("a problem prints as FILE:LINE:COLUMN: key.path: message, without the key path when empty")
    func problemDescription() {
        let problem = ConfigProblem(file: "broken.yaml", line: 3, column: 5, keyPath: "poll.timeout", message: "bad")
        #expect(problem.description == "broken.yaml:3:5: poll.timeout: bad")
        let whole = ConfigProblem(file: "broken.yaml", line: 1, column: 1, keyPath: "", message: "unreadable")
        #expect(whole.description == "broken.yaml:1:1: unreadable")
        #expect(
            ConfigError(problems: [problem, whole]).description
                == "broken.yaml:3:5: poll.timeout: bad\nbroken.yaml:1:1: unreadable"
        )
    }

    @Test(
        "schedules parse from the config syntax",
        arguments: [
            ("immediate", DeliverySchedule.immediate),
            ("every 1h", .every(.seconds(3_600))),
            ("every 1h30m", .every(.seconds(5_400))),
            ("every  45s", .every(.seconds(45))),
            ("daily 07:30", .daily(hour: 7, minute: 30)),
            ("daily 7:30", .daily(hour: 7, minute: 30)),
            ("daily 00:00", .daily(hour: 0, minute: 0)),
            ("daily 23:59", .daily(hour: 23, minute: 59)),
            ("Daily 06:15", .daily(hour: 6, minute: 15)),
        ]
    )
    func parsesSchedules(_ text: String, _ expected: DeliverySchedule) {
        #expect((try? DeliverySchedule.parse(text).get()) == expected)
    }

    @Test(
        "schedule mistakes are rejected",
        arguments: [
            "", "now", "every", "every 0s", "every 30", "every 1h extra", "daily", "daily 24:00", "daily 12:5",
            "daily 12:60", "daily -1:00", "daily +7:30", "daily 7", "daily 123:00", "immediate now", "weekly 07:30",
        ]
    )
    func rejectsSchedules(_ text: String) {
        #expect((try? DeliverySchedule.parse(text).get()) == nil)
    }

    @Test(
        "unknown keys suggest the closest valid key within two edits",
        arguments: [
            ("intervall", "interval"), ("Interval", "interval"), ("intreval", "interval"), ("max-body", "max_body"),
            ("maxbody", "max_body"), ("language", "lang"), ("concurency", "concurrency"), ("timout", "timeout"),
        ]
    )
    func suggestsKeys(_ typed: String, _ expected: String) {
        let keys = ["interval", "concurrency", "timeout", "max_body", "jitter", "lang"]
        #expect(typed.closestConfigKey(among: keys) == expected)
    }

    @Test("far-off or very short keys get no suggestion", arguments: ["colour", "xx", "speed", "a"])
    func suggestsNothing(_ typed: String) {
        #expect(typed.closestConfigKey(among: ["interval", "concurrency", "timeout", "id", "url"]) == nil)
    }

    @Test(
        "paths join and normalize lexically",
        arguments: [
            ("/etc/pw", "../var", "/etc/var"),
            ("/etc/pw", "/abs/x", "/abs/x"),
            ("config", "../feeds/f.yaml", "feeds/f.yaml"),
            ("", "../feeds/f.yaml", "../feeds/f.yaml"),
            ("a/b", "./c//d/", "a/b/c/d"),
            ("/", "../x", "/x"),
            ("..", "../x", "../../x"),
        ]
    )
    func joinsPaths(_ base: String, _ written: String, _ expected: String) {
        #expect(ConfigPaths.join(base, written) == expected)
    }

    @Test("feed ids and language codes follow the documented rules")
    func identifiersAndLanguages() {
        #expect(ConfigParser.identifierProblem("havana-helpers.v2_x", what: "feed id") == nil)
        #expect(ConfigParser.identifierProblem(String(repeating: "a", count: 64), what: "feed id") == nil)
        #expect(ConfigParser.identifierProblem(String(repeating: "a", count: 65), what: "feed id") != nil)
        #expect(ConfigParser.identifierProblem("café", what: "feed id") != nil)
        #expect(ConfigParser.identifierProblem("a/b", what: "feed id") != nil)
        for code in ["es", "en", "ht", "fr", "mixed", "hat", "spa"] {
            #expect(ConfigParser.isLanguageCode(code))
        }
        for code in ["ES", "e", "espa", "es-419", "", "mixto", "é s"] {
            #expect(!ConfigParser.isLanguageCode(code))
        }
    }

    @Test("a feed is local exactly when its URL is a file: URL")
    func localFeeds() {
        #expect(FeedConfig(id: "a", url: "file:///srv/a.xml").isLocalFile)
        #expect(FeedConfig(id: "a", url: "FILE:///srv/a.xml").isLocalFile)
        #expect(!FeedConfig(id: "a", url: "https://e.org/file.xml").isLocalFile)
    }
}
