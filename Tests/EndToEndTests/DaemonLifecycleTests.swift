import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("The daemon as a real process")
struct DaemonLifecycleTests {
    @Test("run polls at start and exits 0 soon after SIGTERM", arguments: [SIGTERM, SIGINT])
    func stopsCleanlyOnSignal(signal: Int32) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Repository.copyEmbeddedDefault(into: folder.url)
        let daemon = try ParoleWatchProcess(["run", "--config", "config/parolewatch.yaml"], in: folder.url)
        #expect(daemon.waitForLog(timeout: .seconds(30)) { $0.contains("polls summary") }, "\(daemon.standardErrorSoFar)")

        let sent = ContinuousClock.now
        daemon.signal(signal)
        let result = daemon.waitForExit(timeout: .seconds(15))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(ContinuousClock.now - sent < .seconds(10))
        #expect(result.standardError.contains("polling stopped"))
    }

    @Test("a stop sent while the daemon is still loading its model is honoured: a clean stop, exit 0")
    func stopDuringStartUp() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Repository.copyEmbeddedDefault(into: folder.url)
        let daemon = try ParoleWatchProcess(["run", "--config", "config/parolewatch.yaml"], in: folder.url)
        // SIGHUP is the daemon's first handler, installed before the configuration and model load (~0.1 s).
        #expect(daemon.waitUntilCatching(SIGHUP, timeout: .seconds(30)))
        daemon.signal(SIGTERM)
        let result = daemon.waitForExit(timeout: .seconds(15))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("signal=SIGTERM"), "\(result.standardError)")
    }
}
