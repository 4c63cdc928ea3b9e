/// One thing wrong in a configuration or feed-list file, located precisely enough for an editor to jump to it.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as the caller named it (relative stays relative), so the line reads like a compiler diagnostic.
    public var file: String
    /// 1-based line of the offending key or value.
    public var line: Int
    /// 1-based column (in Unicode scalars, as libyaml counts).
    public var column: Int
    /// Where in the document: `poll.timeout`, `subscribers[0].secret`, `feeds[3].url`; empty for the whole file.
    public var keyPath: String
    /// What is wrong and, where possible, what to write instead. Never contains secret text.
    public var message: String

    /// Memberwise; `line` and `column` are 1-based.
    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `FILE:LINE:COLUMN: key.path: message`, or `FILE:LINE:COLUMN: message` when the key path is empty.
    public var description: String {
        keyPath.isEmpty
            ? "\(file):\(line):\(column): \(message)"
            : "\(file):\(line):\(column): \(keyPath): \(message)"
    }
}
