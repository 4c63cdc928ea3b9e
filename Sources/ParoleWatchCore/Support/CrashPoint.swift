import Foundation
import Synchronization

/// Test-only crash points: when `PAROLEWATCH_CRASH_POINT` names a point (optionally `NAME:N` for its N-th
/// arrival), the process kills itself with SIGKILL on reaching it, exactly as a power cut or `kill -9` would
/// stop it there. The kill-point tests run the real binary to each point and check that the next start
/// finishes the work without losing or repeating any of it.
///
/// Unset (always, in production), `reach` costs one comparison.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// An alert (and its pending deliveries) committed, before its file is written.
    case afterAlertCommit = "after-alert-commit"
    /// An alert file renamed into `new/`, before the database records it as written.
    case afterSpoolRename = "after-spool-rename"
    /// A digest's deliveries committed (alerts assigned their `webhook-id`), before the first attempt.
    case afterDigestCommit = "after-digest-commit"
    /// A receiver answered 2xx, before the database records the delivery as delivered.
    case afterSendBeforeMark = "after-send-before-mark"

    /// The environment variable naming the point.
    public static let environmentVariable = "PAROLEWATCH_CRASH_POINT"

    private static let armed: (point: String, arrival: Int)? = {
        guard let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? max(1, Int(parts[1]) ?? 1) : 1)
    }()
    private static let arrivals = Atomic<Int>(0)

    /// Kills the process if this is the armed point (and its armed arrival).
    public func reach() {
        guard let armed = Self.armed, armed.point == rawValue else { return }
        let arrival = Self.arrivals.add(1, ordering: .sequentiallyConsistent).newValue
        guard arrival >= armed.arrival else { return }
        FileHandle.standardError.write(Data("parolewatch: crash point \(rawValue) reached; killing myself\n".utf8))
        kill(getpid(), SIGKILL)
    }
}
