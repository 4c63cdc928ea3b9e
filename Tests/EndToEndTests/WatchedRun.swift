import Foundation
import TestSupport

/// One `parolewatch run --once --config <file>` watched from outside: how long it took, its peak
/// resident memory, and what it printed (the feed table on stdout, the log on stderr).
struct WatchedRun {
    let result: ParoleWatchBinary.Result
    let elapsed: Duration
    /// The child's peak RSS (VmHWM) in bytes, as last read before it exited; 0 if never read.
    let peakBytes: Int

    /// Runs the daemon in `folder`, reading its peak RSS every 20 ms; killed after 95 s. It waits
    /// with `Task.sleep`, leaving the cooperative threads to the tests that run alongside.
    init(config: String, in folder: URL) async throws {
        let started = ContinuousClock.now
        let process = try ParoleWatchProcess(["run", "--once", "--config", config], in: folder)
        // VmHWM only grows: the last reading before the exit is the run's peak.
        var peakBytes = 0
        while process.process.isRunning, ContinuousClock.now - started < .seconds(90) {
            peakBytes = max(peakBytes, ProcessMemory.peakResidentBytes(of: process.pid) ?? 0)
            try await Task.sleep(for: .milliseconds(20))
        }
        result = process.waitForExit(timeout: .seconds(5))
        elapsed = ContinuousClock.now - started
        self.peakBytes = peakBytes
    }

    /// The columns of the feed table's row for `id`; empty when there is none.
    func row(_ id: String) -> [Substring] {
        result.standardOutput.split(separator: "\n").first { $0.hasPrefix(id + " ") }?
            .split(separator: " ", omittingEmptySubsequences: true) ?? []
    }

    /// How long the poll of `id` took, in milliseconds, from the table; `Int.max` when missing.
    func milliseconds(_ id: String) -> Int {
        let columns = row(id)
        return columns.count > 7 ? Int(columns[7]) ?? .max : .max
    }

    /// The log line that names feed `id` with an `error=`; nil when there is none.
    func errorLine(_ id: String) -> String? {
        result.standardError.split(separator: "\n").first { $0.contains("feed.id=\(id)") && $0.contains("error=") }
            .map(String.init)
    }
}
