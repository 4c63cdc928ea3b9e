/// Why a configuration could not be loaded: every problem found, in file, line, column order.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// At least one problem.
    public var problems: [ConfigProblem]

    /// Wraps `problems`, which should be non-empty and sorted.
    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One problem per line, as `check-config` prints them.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
