import Foundation
import ParoleWatchCore
import Synchronization

/// A webhook endpoint for tests: a ``LoopbackHTTPServer`` that checks each request's Standard Webhooks signature
/// with a known secret, records it as a ``Delivery``, and answers as scripted (accept by default; fail, rate-limit
/// or stall the next requests on demand).
public final class WebhookReceiver: Sendable {
    /// One request as the receiver saw it.
    public struct Delivery: Sendable {
        /// `webhook-id`, if sent.
        public var id: String?
        /// `webhook-timestamp`, if sent.
        public var timestamp: String?
        /// `webhook-signature`, if sent.
        public var signature: String?
        public var body: [UInt8]
        /// Whether the signature verifies with the receiver's secret (no timestamp tolerance applied).
        public var hasValidSignature: Bool
        /// How the receiver answered it.
        public var answer: Answer
        /// The whole request, for other assertions.
        public var request: RecordedRequest

        /// The body as UTF-8 text.
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// How to answer one request.
    public enum Answer: Sendable, Equatable {
        /// `status` (2xx by default: 200) with an empty JSON object.
        case accept(status: Int = 200)
        /// A failure status, such as 500 or 503.
        case fail(status: Int)
        /// 429 with `Retry-After: seconds`.
        case rateLimit(retryAfterSeconds: Int)
        /// Never answers, holding the connection until the client gives up.
        case stall
        /// A redirect to another path on this server.
        case redirect(status: Int = 302)
    }

    private final class State: Sendable {
        let script = Mutex<(queued: [Answer], deliveries: [Delivery])>(([], []))
    }

    private let server: LoopbackHTTPServer
    private let state: State
    /// The secret deliveries are checked with.
    public let secret: Secret

    /// Starts listening on 127.0.0.1; deliveries are checked against `secret`.
    public init(secret: Secret) throws {
        let state = State()
        self.state = state
        self.secret = secret
        server = try LoopbackHTTPServer { request in
            let answer = state.script.withLock { script in
                script.queued.isEmpty ? Answer.accept() : script.queued.removeFirst()
            }
            let id = request.header("webhook-id")
            let timestamp = request.header("webhook-timestamp")
            let signature = request.header("webhook-signature")
            let valid = WebhookSigner.verify(
                secret: secret,
                id: id ?? "",
                timestamp: timestamp ?? "",
                body: request.body,
                signatureHeader: signature ?? ""
            )
            let delivery = Delivery(
                id: id,
                timestamp: timestamp,
                signature: signature,
                body: request.body,
                hasValidSignature: valid,
                answer: answer,
                request: request
            )
            state.script.withLock { $0.deliveries.append(delivery) }
            switch answer {
            case .accept(let status):
                return .respond(
                    status: status,
                    headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                    body: Array("{}".utf8)
                )
            case .fail(let status):
                return .status(status)
            case .rateLimit(let seconds):
                return .status(429, headers: [HTTPHeader(name: "Retry-After", value: String(seconds))])
            case .stall:
                return .silent
            case .redirect(let status):
                return .redirect(to: "/moved", status: status)
            }
        }
    }

    deinit {
        server.stop()
    }

    /// The endpoint URL: `http://127.0.0.1:<port>/hook`.
    public var url: String { server.url("/hook") }

    /// Every request so far, in arrival order.
    public var deliveries: [Delivery] { state.script.withLock { $0.deliveries } }

    /// Answers the next requests with `answers`, in order; later ones are accepted.
    public func script(_ answers: [Answer]) {
        state.script.withLock { $0.queued += answers }
    }

    /// Answers the next `count` requests with `status` (500 by default).
    public func failNext(_ count: Int, status: Int = 500) {
        script(Array(repeating: .fail(status: status), count: count))
    }

    /// Answers the next `count` requests with 429 and `Retry-After: seconds`.
    public func rateLimitNext(_ count: Int, retryAfterSeconds: Int) {
        script(Array(repeating: .rateLimit(retryAfterSeconds: retryAfterSeconds), count: count))
    }

    /// Leaves the next `count` requests unanswered.
    public func stallNext(_ count: Int) {
        script(Array(repeating: .stall, count: count))
    }

    /// Waits until at least `count` deliveries arrived or `timeout` passed; returns the deliveries.
    public func waitForDeliveries(_ count: Int, timeout: Duration = .seconds(5)) async -> [Delivery] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            let current = deliveries
            if current.count >= count { return current }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return deliveries
    }

    /// Stops the server, ending stalled connections. Idempotent.
    public func stop() {
        server.stop()
    }
}
