import Foundation

/// A failure of the state database, naming the file and what was being done.
public struct StateError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var reason: String

    public init(path: String, operation: String, cause: any Error) {
        self.path = path
        self.operation = operation
        self.reason = String(describing: cause)
    }

    public var description: String { "\(path): could not \(operation): \(reason)" }
}
