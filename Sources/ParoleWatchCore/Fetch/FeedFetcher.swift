import Foundation

/// Conditional GET of one feed through a shared ``CurlWorker``: sends the stored validators,
/// maps statuses to outcomes the poll scheduler acts on.
public struct FeedFetcher: Sendable {
    /// Offered formats, feeds first, anything last (some servers send feeds as `text/html`).
    public static let acceptHeader =
        "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
        + "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"

    public let worker: CurlWorker
    public let timeout: Duration
    public let maxBodyBytes: Int
    /// Accept `file://` feed URLs (local feeds, tests); off for feeds from untrusted config.
    public let allowFileScheme: Bool
    private let now: @Sendable () -> Date

    public init(worker: CurlWorker, timeout: Duration, maxBodyBytes: Int) {
        self.init(worker: worker, timeout: timeout, maxBodyBytes: maxBodyBytes, allowFileScheme: false)
    }

    /// - Parameter now: the wall clock that `Retry-After` HTTP-dates are measured against.
    public init(
        worker: CurlWorker,
        timeout: Duration,
        maxBodyBytes: Int,
        allowFileScheme: Bool,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.worker = worker
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.allowFileScheme = allowFileScheme
        self.now = now
    }

    /// 2xx → `.fetched`; 304 → `.notModified` (no body parsing); 429/503 → throws
    /// ``FeedFetchError/retryLater(status:retryAfter:)``; other statuses → ``FeedFetchError/httpStatus(_:url:)``;
    /// no response → ``FeedFetchError/transport(_:)``.
    public func fetch(url: String, validators: FeedValidators) async throws(FeedFetchError) -> FeedFetchOutcome {
        var headers = [HTTPHeader(name: "Accept", value: Self.acceptHeader)]
        if let etag = validators.etag, !etag.isEmpty {
            headers.append(HTTPHeader(name: "If-None-Match", value: etag))
        }
        if let lastModified = validators.lastModified, !lastModified.isEmpty {
            headers.append(HTTPHeader(name: "If-Modified-Since", value: lastModified))
        }
        let request = HTTPRequest(
            url: url,
            headers: headers,
            timeout: timeout,
            maxBodyBytes: maxBodyBytes,
            allowFileScheme: allowFileScheme
        )
        let response: HTTPResponse
        do {
            response = try await worker.perform(request)
        } catch {
            throw .transport(error)
        }
        switch response.status {
        case 200..<300, 0:
            return .fetched(
                body: response.body,
                contentType: response.header("Content-Type"),
                validators: FeedValidators(
                    etag: response.header("ETag"),
                    lastModified: response.header("Last-Modified")
                ),
                finalURL: response.effectiveURL
            )
        case 304:
            return .notModified
        case 429, 503:
            let retryAfter = response.header("Retry-After").flatMap { RetryAfter.parse($0, now: now()) }
            throw .retryLater(status: response.status, retryAfter: retryAfter)
        default:
            throw .httpStatus(response.status, url: response.effectiveURL)
        }
    }
}
