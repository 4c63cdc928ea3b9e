import Foundation
import Logging
import ParoleWatchCore
import TestSupport
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

    @Test("JOURNAL_STREAM counts only when it names the stream standard error is connected to")
    func journalStreamMustMatchTheDescriptor() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("", to: "stderr.log")
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var status = stat()
        #expect(fstat(handle.fileDescriptor, &status) == 0)
        let mine = "\(status.st_dev):\(status.st_ino)"
        let descriptor = handle.fileDescriptor
        #expect(ConsoleLogHandler.style(for: ["JOURNAL_STREAM": mine], fileDescriptor: descriptor) == .journal)
        #expect(ConsoleLogHandler.style(for: ["JOURNAL_STREAM": "8:12345"], fileDescriptor: descriptor) == .human)
        #expect(ConsoleLogHandler.style(for: [:], fileDescriptor: descriptor) == .human)
    }

    @Test("every priority journald knows: debug 7, info 6, notice 5, warning 4, error 3, critical 2", arguments: [
        (Logger.Level.trace, "<7>"), (.debug, "<7>"), (.info, "<6>"), (.notice, "<5>"), (.warning, "<4>"),
        (.error, "<3>"), (.critical, "<2>"),
    ])
    func priorities(level: Logger.Level, prefix: String) {
        let line = ConsoleLogHandler.format(level: level, message: "m", metadata: [:], style: .journal, date: Date())
        #expect(line == prefix + "m")
    }

    @Test("control characters in messages and values are escaped, never written raw")
    func controlCharactersAreEscaped() {
        let line = ConsoleLogHandler.format(
            level: .warning, message: "title \u{1B}[31mred\r\n<0>x", metadata: ["feed.title": "a\tb\u{7}"],
            style: .journal, date: Date())
        #expect(line == "<4>title \\u{1B}[31mred <0>x feed.title=\"a b\\u{7}\"")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("secrets in values are redacted: URL passwords, token parameters, webhook keys")
    func secretsAreRedacted() {
        let line = ConsoleLogHandler.format(
            level: .error, message: "delivery failed",
            metadata: [
                "url": "https://bot:hunter2@hooks.example/x?token=abc123&page=2",
                "error": "bad key whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ],
            style: .journal, date: Date())
        #expect(!line.contains("hunter2"))
        #expect(!line.contains("abc123"))
        #expect(!line.contains("MfKQ9r8"))
        #expect(line.contains("url=\"https://<redacted>@hooks.example/x?token=<redacted>&page=2\""))
        #expect(line.contains("whsec_<redacted>"))
    }

    @Test("a logger through the handler writes one line per event to its descriptor")
    func writesLines() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("", to: "log")
        let handle = try FileHandle(forWritingTo: file)
        var handler = ConsoleLogHandler(style: .journal, logLevel: .notice, fileDescriptor: handle.fileDescriptor)
        handler.metadata = ["service": "parolewatch"]
        let logger = Logger(label: "test") { _ in handler }
        logger.info("hidden below notice")
        logger.notice("alert queued", metadata: ["alert.id": "A000001"])
        logger.error("two\nlines")
        try handle.close()
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == "<5>alert queued alert.id=A000001 service=parolewatch\n<3>two lines service=parolewatch\n")
    }
}
