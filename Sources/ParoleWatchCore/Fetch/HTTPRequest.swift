/// One HTTP (or, when explicitly allowed, `file://`) transfer for ``CurlWorker/perform(_:)``.
///
/// Every limit is per transfer: `timeout` bounds the whole transfer including redirects,
/// `connectTimeout` each connection attempt, and `maxBodyBytes` the decoded body. Timers start
/// when the worker hands the transfer to libcurl, not while it waits in the worker's queue.
/// A transfer also fails as timed out when it moves less than 64 bytes/s for `min(timeout, 10s)`.
public struct HTTPRequest: Sendable {
    /// `http://…` or `https://…`; `file://…` only when ``allowFileScheme`` is set.
    public var url: String
    public var method: HTTPMethod = .get
    /// Extra request headers; `User-Agent` comes from the worker, `Accept-Encoding` from libcurl.
    public var headers: [HTTPHeader] = []
    /// Request body, sent with `POST` (ignored for `GET`).
    public var body: [UInt8]? = nil
    /// Upper bound for the whole transfer, redirects included.
    public var timeout: Duration
    /// Upper bound for establishing one connection (TCP + TLS); defaults to `min(timeout, 10s)`.
    public var connectTimeout: Duration
    /// Largest body accepted, counted on DECODED bytes while streaming; larger bodies fail with
    /// ``FetchError/Kind/bodyTooLarge`` without ever being held whole in memory.
    public var maxBodyBytes: Int
    /// Follow up to 5 redirects, only to `http`/`https` URLs.
    public var followRedirects: Bool = true
    /// Allow a `file://` URL (never as a redirect target).
    public var allowFileScheme: Bool = false

    public init(
        url: String,
        method: HTTPMethod = .get,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        timeout: Duration,
        connectTimeout: Duration? = nil,
        maxBodyBytes: Int,
        followRedirects: Bool = true,
        allowFileScheme: Bool = false
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout ?? min(timeout, .seconds(10))
        self.maxBodyBytes = maxBodyBytes
        self.followRedirects = followRedirects
        self.allowFileScheme = allowFileScheme
    }

    /// Whether ``url`` names the `file` scheme (case-insensitively, as URL schemes are).
    var isFileURL: Bool {
        url.utf8.count >= 5 && url.prefix(5).lowercased() == "file:"
    }
}
