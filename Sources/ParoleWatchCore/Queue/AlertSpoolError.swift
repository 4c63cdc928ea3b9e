import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the alert spool, naming the file or folder, what was being done and why, e.g.
/// `/var/lib/parolewatch/alerts/tmp/A000042.1f2e.json: write failed: No space left on device`.
public struct AlertSpoolError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure, for callers that react to one (`alerts ack` of an unknown id, a full disk).
    public enum Code: Sendable, Equatable {
        /// A system call failed with this `errno`.
        case system(errno: Int32)
        /// No alert with that id in `new/` or `cur/`.
        case notFound
        /// The id cannot name an alert file (see `Alert.isValidID(_:)`).
        case invalidID
        /// A file in the spool is not a readable alert (bad JSON, missing key, wrong id, too big).
        case invalidFile
        /// The alert could not be serialized (a score or weight that is not a finite number).
        case unencodable
    }

    public var code: Code
    /// The file or folder concerned (for `notFound` and `invalidID`, the spool folder).
    public var path: String
    /// What was being done: `open`, `write`, `fsync`, `rename to …/new/A1.json`, `read`, `create folder`.
    public var operation: String
    /// Why: errno's text, or a sentence.
    public var reason: String

    public init(code: Code, path: String, operation: String, reason: String) {
        self.code = code
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    /// A failed system call: `reason` is the text of `errno`.
    static func system(_ errno: Int32, path: String, operation: String) -> AlertSpoolError {
        AlertSpoolError(
            code: .system(errno: errno),
            path: path,
            operation: operation,
            reason: String(cString: strerror(errno))
        )
    }

    /// `PATH: OPERATION failed: REASON` for system calls; `PATH: REASON` for the rest (the reason is a sentence).
    public var description: String {
        switch code {
        case .system, .unencodable:
            return "\(path): \(operation) failed: \(reason)"
        case .notFound, .invalidID, .invalidFile:
            return "\(path): \(reason)"
        }
    }
}
