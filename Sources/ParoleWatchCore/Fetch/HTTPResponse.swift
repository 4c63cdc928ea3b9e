/// The outcome of a completed transfer, whatever its status code.
public struct HTTPResponse: Sendable {
    /// HTTP status of the final response; 0 for `file://`.
    public var status: Int
    /// Headers of the FINAL response only (those of redirects and `100 Continue` are dropped).
    public var headers: [HTTPHeader]
    /// Decoded body (after `Content-Encoding`), at most ``HTTPRequest/maxBodyBytes`` bytes.
    public var body: [UInt8]
    /// URL of the final response, after redirects.
    public var effectiveURL: String
    /// Protocol version of the final response: `"1.0"`, `"1.1"`, `"2"` or `"3"`; nil for `file://`.
    public var httpVersion: String?
    /// Number of redirects followed.
    public var redirectCount: Int
    /// Wall time from handing the transfer to libcurl until it completed.
    public var elapsed: Duration

    public init(
        status: Int,
        headers: [HTTPHeader],
        body: [UInt8],
        effectiveURL: String,
        httpVersion: String?,
        redirectCount: Int,
        elapsed: Duration
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.httpVersion = httpVersion
        self.redirectCount = redirectCount
        self.elapsed = elapsed
    }

    /// Value of the header named `name` (case-insensitive); the last one wins when repeated.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.name.lowercased() == wanted }?.value
    }
}
