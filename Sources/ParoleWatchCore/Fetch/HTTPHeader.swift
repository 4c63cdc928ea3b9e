/// One HTTP header field, as sent or received; names compare case-insensitively only
/// through ``HTTPResponse/header(_:)``, so a header keeps the spelling the peer used.
public struct HTTPHeader: Sendable, Equatable, Hashable {
    /// Field name, e.g. `ETag`.
    public var name: String
    /// Field value without surrounding whitespace.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension HTTPHeader: CustomStringConvertible {
    public var description: String { "\(name): \(value)" }
}
