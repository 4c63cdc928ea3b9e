import Crypto
import Foundation

/// Signs webhook deliveries as Standard Webhooks v1 defines it: HMAC-SHA256 over `"{id}.{timestamp}.{body}"`,
/// keyed with the base64-decoded part of the `whsec_` secret, sent as `webhook-signature: v1,<base64>`.
///
/// Holds only the decoded key; `description` and reflection never show it. Pure and synchronous, so any task may
/// call it; signing is linear in the body length.
public struct WebhookSigner: Sendable, CustomStringConvertible, CustomReflectable {
    private let key: SymmetricKey

    /// Decodes the key of `secret`; throws when it is not `whsec_` followed by a non-empty base64 key.
    public init(secret: Secret) throws(WebhookSignerError) {
        guard let key = secret.signingKey else {
            throw WebhookSignerError(reason: "expected 'whsec_' followed by a base64 key")
        }
        self.key = SymmetricKey(data: key)
    }

    /// Always `WebhookSigner(<redacted>)`.
    public var description: String { "WebhookSigner(<redacted>)" }

    /// A mirror without children, so `dump` cannot reach the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the value of `webhook-signature`.
    ///
    /// `timestamp` is Unix seconds, the same number sent as `webhook-timestamp`.
    public func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Self.signedContent(id: id, timestamp: String(timestamp), body: body),
            using: key
        )
        return "v1," + Data(code).base64EncodedString()
    }

    /// The four headers of one delivery: `webhook-id`, `webhook-timestamp`, `webhook-signature` and
    /// `content-type: application/json`.
    ///
    /// Retries of a delivery must reuse `id` and should use a fresh `timestamp` (signed anew), as the
    /// Standard Webhooks reference senders do.
    public func headers(id: String, timestamp: Int, body: [UInt8]) -> [HTTPHeader] {
        [
            HTTPHeader(name: "webhook-id", value: id),
            HTTPHeader(name: "webhook-timestamp", value: String(timestamp)),
            HTTPHeader(name: "webhook-signature", value: signature(id: id, timestamp: timestamp, body: body)),
            HTTPHeader(name: "content-type", value: "application/json"),
        ]
    }

    /// Whether `signatureHeader` (one or more space-separated `v1,<base64>` values, as receivers get them while
    /// a secret is being rotated) holds a valid signature of `body` for `id` and `timestamp`.
    ///
    /// Compares in constant time (swift-crypto's `isValidAuthenticationCode`). Values of other versions (`v1a,…`)
    /// are skipped. When `now` is given, a timestamp more than `tolerance` away from it is rejected, which is how
    /// receivers refuse replays; without `now` only the signature is checked.
    public func isValid(
        id: String,
        timestamp: String,
        body: [UInt8],
        signatureHeader: String,
        now: Date? = nil,
        tolerance: Duration = .seconds(300)
    ) -> Bool {
        guard let seconds = Int(timestamp) else { return false }
        if let now {
            let skew = abs(now.timeIntervalSince1970 - Double(seconds))
            guard skew <= Double(tolerance.components.seconds) else { return false }
        }
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        var valid = false
        for candidate in signatureHeader.split(separator: " ") {
            guard candidate.hasPrefix("v1,"), let code = Data(base64Encoded: String(candidate.dropFirst(3))) else {
                continue
            }
            // Keep checking after a match, so the time taken does not say which candidate matched.
            if HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: content, using: key) {
                valid = true
            }
        }
        return valid
    }

    /// ``isValid(id:timestamp:body:signatureHeader:now:tolerance:)`` for a secret; false when the secret cannot sign.
    public static func verify(
        secret: Secret,
        id: String,
        timestamp: String,
        body: [UInt8],
        signatureHeader: String,
        now: Date? = nil,
        tolerance: Duration = .seconds(300)
    ) -> Bool {
        guard let signer = try? WebhookSigner(secret: secret) else { return false }
        return signer.isValid(
            id: id,
            timestamp: timestamp,
            body: body,
            signatureHeader: signatureHeader,
            now: now,
            tolerance: tolerance
        )
    }

    /// The signed bytes: `id`, `.`, `timestamp`, `.`, `body`.
    private static func signedContent(id: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        var content: [UInt8] = []
        content.reserveCapacity(id.utf8.count + timestamp.utf8.count + body.count + 2)
        content.append(contentsOf: id.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: timestamp.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: body)
        return content
    }
}
