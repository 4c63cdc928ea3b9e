import Foundation

/// Makes one signed webhook delivery attempt: a `POST` of a prepared body through the libcurl worker.
///
/// Redirects are not followed (a 3xx is a failure: a receiver that moved must be reconfigured, and following
/// would send the signed body to a host nobody chose). At most ``maxResponseBytes`` of the answer are read. The
/// result never throws: every outcome is a ``DeliveryAttemptResult`` the caller records.
public struct WebhookSender: Sendable {
    /// Largest response body read; receivers answer with little, and nobody reads it.
    public static let maxResponseBytes = 64 * 1024

    private let worker: CurlWorker
    /// Upper bound for the whole attempt (connect, send, answer).
    public let timeout: Duration

    /// - Parameters:
    ///   - worker: shared with feed polling; webhook attempts take its transfer slots too.
    ///   - timeout: bound for each attempt; the connection attempt gets `min(timeout, 10s)`.
    public init(worker: CurlWorker, timeout: Duration = .seconds(15)) {
        self.worker = worker
        self.timeout = timeout
    }

    /// POSTs `body` to `url` with Standard Webhooks headers: `webhook-id: id` (pass the same `id` on every retry of a
    /// delivery), `webhook-timestamp` from `now` and a fresh signature by `signer`.
    public func send(body: [UInt8], id: String, signer: WebhookSigner, to url: String, now: Date) async
        -> DeliveryAttemptResult
    {
        let timestamp = Int(now.timeIntervalSince1970.rounded(.down))
        let request = HTTPRequest(
            url: url,
            method: .post,
            headers: signer.headers(id: id, timestamp: timestamp, body: body),
            body: body,
            timeout: timeout,
            maxBodyBytes: Self.maxResponseBytes,
            followRedirects: false
        )
        let response: HTTPResponse
        do {
            response = try await worker.perform(request)
        } catch {
            return Self.result(of: error)
        }
        return Self.result(of: response, now: now)
    }

    /// Judges an answer: 2xx delivered, anything else retried with its `Retry-After`.
    static func result(of response: HTTPResponse, now: Date) -> DeliveryAttemptResult {
        let status = response.status
        if (200...299).contains(status) {
            return .delivered(status: status)
        }
        let retryAfter = response.header("Retry-After").flatMap { RetryAfter.parse($0, now: now) }
        let reason: String
        switch status {
        case 300...399:
            reason = "HTTP \(status): the receiver redirects, and webhooks do not follow redirects; "
                + "set the subscriber url to the final address"
        case 429:
            reason = "HTTP 429: the receiver is rate limiting"
        default:
            reason = "HTTP \(status)"
        }
        return .retry(status: status, retryAfter: retryAfter, reason: reason)
    }

    /// Judges a transfer that got no complete answer. The reason is libcurl's, never ``FetchError/description``,
    /// which starts with the URL.
    static func result(of error: FetchError) -> DeliveryAttemptResult {
        switch error.kind {
        case .cancelled:
            return .cancelled
        case .bodyTooLarge:
            return .retry(
                status: nil,
                retryAfter: nil,
                reason: "the answer was larger than \(maxResponseBytes / 1024) KiB, so its status is unknown"
            )
        default:
            return .retry(status: nil, retryAfter: nil, reason: error.message)
        }
    }
}
