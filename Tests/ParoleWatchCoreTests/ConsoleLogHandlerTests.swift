import Foundation
import Logging
import ParoleWatchCore
import Testing

@Suite("ConsoleLogHandler")
struct ConsoleLogHandlerTests {
    @Test("under journald a line starts with the syslog priority and carries no timestamp")
    func journalStyle() {
        let line = ConsoleLogHandler.format(
            level: .warning, message: "feed poll failed", metadata: ["feed.id": "a", "error": "timed out"],
            style: .journal, date: Date(timeIntervalSince1970: 0))
        #expect(line == "<4>feed poll failed error=\"timed out\" feed.id=a")
    }

    @Test("for a person a line starts with an RFC 3339 timestamp and the level")
    func humanStyle() {
        let line = ConsoleLogHandler.format(
            level: .info, message: "polling started", metadata: [:], style: .human,
            date: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(line == "2027-01-15T08:00:00Z info polling started")
    }

    @Test("JOURNAL_STREAM selects the journal style")
    func styleFromEnvironment() {
        #expect(ConsoleLogHandler.style(for: ["JOURNAL_STREAM": "8:12345"]) == .journal)
        #expect(ConsoleLogHandler.style(for: [:]) == .human)
    }

    @Test("a message cannot forge a second log line")
    func newlinesAreFolded() {
        let line = ConsoleLogHandler.format(
            level: .error, message: "a\n<0>forged", metadata: ["k": "x\ny"], style: .journal, date: Date())
        #expect(!line.contains("\n"))
    }
}
