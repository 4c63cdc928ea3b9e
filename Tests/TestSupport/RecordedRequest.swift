import ParoleWatchCore

/// One request as the loopback server received it, for assertions.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Request target as sent, e.g. `/feed?page=2`.
    public var target: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// Which accepted connection carried it (1, 2, …): equal IDs mean a reused connection.
    public var connectionID: Int

    public init(method: String, target: String, headers: [HTTPHeader], body: [UInt8], connectionID: Int) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
    }

    /// The target without its query string.
    public var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// Value of the header named `name` (case-insensitive, last wins).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.name.lowercased() == wanted }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
