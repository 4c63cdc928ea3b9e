import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// The daemon as systemd runs it (`Type=notify`, `WatchdogSec=2s`): a real process, real signals, a real
/// notification socket, feeds served over loopback HTTP.
@Suite("The daemon under systemd's notify protocol")
struct SystemdServiceTests {
    static let rss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Loopback</title>
        <item><title>Weather</title><guid>w-1</guid><description>Sunny all week.</description></item>
        </channel></rss>
        """

    /// A folder with `config/` (the shipped model, a config, a feed list) and a loopback server for the feeds.
    struct Fixture {
        let folder: TemporaryDirectory
        let server: LoopbackHTTPServer

        init() throws {
            folder = try TemporaryDirectory()
            server = try LoopbackHTTPServer { request in
                // `/silent.xml` never answers: a poll of it stays in flight until cancelled.
                request.path == "/silent.xml"
                    ? .silent : .ok(SystemdServiceTests.rss, contentType: "application/rss+xml")
            }
            try FileManager.default.createDirectory(at: folder.path("config"), withIntermediateDirectories: true)
            for name in ["model.yaml", "replies.yaml"] {
                try FileManager.default.copyItem(
                    at: Repository.root.appendingPathComponent("config/\(name)"),
                    to: folder.path("config/\(name)")
                )
            }
        }

        /// Writes `config/parolewatch.yaml` (line 5 is `poll.timeout`) and `config/feeds.yaml` with feeds polled
        /// every second.
        func writeConfig(feeds ids: [String], timeout: String = "5s") throws {
            try folder.write(
                """
                state_dir: ../var
                model: model.yaml
                feeds: feeds.yaml
                poll:
                  timeout: \(timeout)
                  interval: 1h
                """,
                to: "config/parolewatch.yaml"
            )
            let lines = ids.map { "  - { id: \($0), url: \"\(server.url("/\($0).xml"))\", interval: 1s }" }
            try folder.write("feeds:\n" + lines.joined(separator: "\n") + "\n", to: "config/feeds.yaml")
        }

        func requests(to path: String) -> Int {
            server.requests.count { $0.path == path }
        }

        func start(notifySocket: String) throws -> ParoleWatchProcess {
            try ParoleWatchProcess(
                ["run", "--config", "config/parolewatch.yaml"],
                in: folder.url,
                environment: ["NOTIFY_SOCKET": notifySocket, "WATCHDOG_USEC": "2000000"]
            )
        }

        func remove() {
            server.stop()
            folder.remove()
        }
    }

    @Test("READY=1 within 10 s, STATUS= with the feeds, WATCHDOG=1 about every second; SIGTERM: STOPPING=1, exit 0")
    func readyWatchdogAndStop() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.writeConfig(feeds: ["a", "b"])
        let listener = try NotifySocketListener(.abstract)
        defer { listener.stop() }
        let started = ContinuousClock.now
        let daemon = try fixture.start(notifySocket: listener.notifySocket)

        let ready = try #require(
            listener.waitForMessage(timeout: .seconds(10)) { $0.lines.contains("READY=1") },
            "\(daemon.standardErrorSoFar)"
        )
        let timeToReady = ready.message.receivedAt - started
        #expect(timeToReady < .seconds(10))
        #expect(ready.message.value(of: "STATUS")?.hasPrefix("2 feeds") == true)

        var pings: [ContinuousClock.Instant] = []
        var index = ready.index + 1
        while pings.count < 4,
            let ping = listener.waitForMessage(after: index, timeout: .seconds(3), where: { $0.text == "WATCHDOG=1" })
        {
            pings.append(ping.message.receivedAt)
            index = ping.index + 1
        }
        #expect(pings.count == 4, "\(listener.messages.map(\.text))")
        for (earlier, later) in zip(pings, pings.dropFirst()) {
            #expect(later - earlier > .milliseconds(500) && later - earlier < .milliseconds(1700))
        }
        let polled = listener.waitForMessage(timeout: .seconds(5)) {
            $0.value(of: "STATUS")?.contains("last poll") == true
        }
        #expect(polled != nil, "a STATUS= line reports the last poll round")
        #expect(fixture.requests(to: "/a.xml") >= 1 && fixture.requests(to: "/b.xml") >= 1)

        let sent = ContinuousClock.now
        daemon.signal(SIGTERM)
        let stopping = listener.waitForMessage(after: index, timeout: .seconds(10)) { $0.lines.contains("STOPPING=1") }
        let result = daemon.waitForExit(timeout: .seconds(15))
        let timeToStop = ContinuousClock.now - sent
        #expect(stopping != nil)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(timeToStop < .seconds(10))
        print("measured: READY after \(timeToReady), exit after SIGTERM in \(timeToStop)")
    }

    @Test(
        "SIGHUP: a broken configuration is refused with FILE:LINE:COLUMN and polling goes on; a fixed one adds a feed"
    )
    func reload() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.writeConfig(feeds: ["a"])
        let listener = try NotifySocketListener(.path)
        defer { listener.stop() }
        let daemon = try fixture.start(notifySocket: listener.notifySocket)
        let ready = try #require(
            listener.waitForMessage(timeout: .seconds(10)) { $0.lines.contains("READY=1") },
            "\(daemon.standardErrorSoFar)"
        )

        // Broken: the daemon logs the problem's location, says RELOADING=1 then READY=1, and keeps polling.
        try fixture.writeConfig(feeds: ["a", "b"], timeout: "soon")
        daemon.signal(SIGHUP)
        #expect(
            daemon.waitForLog(timeout: .seconds(10)) { $0.contains("config/parolewatch.yaml:5:12: poll.timeout:") },
            "\(daemon.standardErrorSoFar)"
        )
        #expect(daemon.standardErrorSoFar.contains("reload failed; still running the previous configuration"))
        let refused = try #require(
            listener.waitForMessage(after: ready.index + 1, timeout: .seconds(5)) { $0.lines.contains("RELOADING=1") }
        )
        let readyAgain = try #require(
            listener.waitForMessage(after: refused.index + 1, timeout: .seconds(5)) { $0.lines.contains("READY=1") }
        )
        #expect(readyAgain.message.value(of: "STATUS")?.contains("reload refused") == true)
        let before = fixture.requests(to: "/a.xml")
        Thread.sleep(forTimeInterval: 2.5)
        #expect(fixture.requests(to: "/a.xml") > before, "feed a is still polled every second")
        #expect(fixture.requests(to: "/b.xml") == 0, "nothing of the broken configuration was applied")

        // Fixed: RELOADING=1 with MONOTONIC_USEC, READY=1, and the new feed is fetched.
        try fixture.writeConfig(feeds: ["a", "b"])
        let signalled = MonotonicClock.microseconds()
        daemon.signal(SIGHUP)
        let reloading = try #require(
            listener.waitForMessage(after: readyAgain.index + 1, timeout: .seconds(10)) {
                $0.lines.contains("RELOADING=1")
            }
        )
        let stamp = try #require(reloading.message.value(of: "MONOTONIC_USEC").flatMap(UInt64.init))
        #expect(stamp >= signalled && stamp - signalled < 10_000_000)
        #expect(
            listener.waitForMessage(after: reloading.index + 1, timeout: .seconds(10)) { $0.lines.contains("READY=1") }
                != nil
        )
        let deadline = ContinuousClock.now + .seconds(5)
        while fixture.requests(to: "/b.xml") == 0 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(fixture.requests(to: "/b.xml") >= 1, "\(daemon.standardErrorSoFar)")
        #expect(daemon.standardErrorSoFar.contains("configuration reloaded"))

        daemon.signal(SIGTERM)
        let result = daemon.waitForExit(timeout: .seconds(15))
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("the same broken file: check-config prints FILE:LINE:COLUMN and exits 78; run refuses to start with 78")
    func brokenConfigExits78() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.writeConfig(feeds: ["a"], timeout: "soon")
        let check = try ParoleWatchBinary.run(
            ["check-config", "--config", "config/parolewatch.yaml"],
            in: fixture.folder.url
        )
        #expect(check.status == 78)
        #expect(check.standardOutput.contains("config/parolewatch.yaml:5:12: poll.timeout:"), "\(check.standardOutput)")

        let listener = try NotifySocketListener(.abstract)
        defer { listener.stop() }
        let run = try ParoleWatchBinary.run(
            ["run", "--config", "config/parolewatch.yaml"],
            in: fixture.folder.url,
            environment: ["NOTIFY_SOCKET": listener.notifySocket],
            timeout: .seconds(30)
        )
        #expect(run.status == 78)
        #expect(run.standardError.contains("config/parolewatch.yaml:5:12:"))
        #expect(!listener.messages.contains { $0.lines.contains("READY=1") })
    }

    @Test("SIGTERM during a poll that would never end: the poll is abandoned and the daemon exits 0 within 10 s")
    func abandonsInFlightPollOnStop() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.writeConfig(feeds: ["a", "silent"], timeout: "60s")
        let listener = try NotifySocketListener(.abstract)
        defer { listener.stop() }
        let daemon = try fixture.start(notifySocket: listener.notifySocket)
        #expect(listener.waitForMessage(timeout: .seconds(10)) { $0.lines.contains("READY=1") } != nil)
        let deadline = ContinuousClock.now + .seconds(10)
        while fixture.requests(to: "/silent.xml") == 0 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(fixture.requests(to: "/silent.xml") == 1)

        let sent = ContinuousClock.now
        daemon.signal(SIGTERM)
        let result = daemon.waitForExit(timeout: .seconds(20))
        let took = ContinuousClock.now - sent
        #expect(result.status == 0, "\(result.standardError)")
        #expect(took < .seconds(10))
        #expect(result.standardError.contains("abandoning in-flight polls"))
        print("measured: exit with a poll in flight \(took) after SIGTERM")
    }

    @Test("when JOURNAL_STREAM names its standard error, every log line is '<N>message key=value', no timestamp")
    func journalLines() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.writeConfig(feeds: ["a"])
        let errorFile = fixture.folder.path("stderr.log")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        var status = stat()
        #expect(fstat(errorHandle.fileDescriptor, &status) == 0)
        let process = Process()
        process.executableURL = ParoleWatchBinary.url
        process.arguments = ["run", "--once", "--log-level", "debug", "--config", "config/parolewatch.yaml"]
        process.currentDirectoryURL = fixture.folder.url
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]
        ) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        try errorHandle.close()
        #expect(process.terminationStatus == 0)
        let lines = try String(contentsOf: errorFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("<7>feed polled ") && $0.contains(" feed.id=a") }, "\(lines)")
        #expect(lines.allSatisfy { $0.first == "<" && $0.dropFirst(2).first == ">" }, "\(lines)")
    }
}
