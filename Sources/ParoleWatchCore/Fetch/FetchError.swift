/// Why a transfer produced no ``HTTPResponse``. HTTP error statuses are not `FetchError`s:
/// a 404 is a response; callers such as ``FeedFetcher`` judge status codes.
public struct FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The failure classes an operator or a retry policy acts on differently.
    public enum Kind: String, Sendable {
        /// The total timeout, the connect timeout or the low-speed limit fired.
        case timedOut
        /// The decoded body (or the announced `Content-Length`) exceeded `maxBodyBytes`.
        case bodyTooLarge
        /// The URL or a redirect target uses a scheme other than http/https (or file, when allowed).
        case protocolNotAllowed
        /// More than 5 redirects.
        case tooManyRedirects
        case couldNotResolve
        case couldNotConnect
        /// The server's certificate was refused (`TLS certificate rejected`), or the TLS handshake
        /// failed (`TLS handshake failed: …`, e.g. a plain-HTTP server on an https URL). A handshake
        /// that never finishes is ``timedOut``, `… during the TLS handshake`.
        case tls
        /// The URL is malformed, or a request header contains a line break or NUL.
        case invalidURL
        /// The calling task was cancelled or the worker shut down.
        case cancelled
        /// Any other network or protocol failure; ``FetchError/message`` says which.
        case transport
    }

    public var kind: Kind
    public var method: HTTPMethod
    public var url: String
    /// libcurl's own words (`CURLOPT_ERRORBUFFER`, else `curl_easy_strerror`) after our summary,
    /// e.g. `timed out after 2.0s (Operation too slow. Less than 64 bytes/sec transferred the last 2 seconds)`.
    public var message: String

    public init(kind: Kind, method: HTTPMethod = .get, url: String, message: String) {
        self.kind = kind
        self.method = method
        self.url = url
        self.message = message
    }

    /// One sentence naming the request and what went wrong, e.g.
    /// `GET http://127.0.0.1:8080/feed: timed out after 2.0s (…)`.
    public var description: String { "\(method.rawValue) \(url): \(message)" }
}
