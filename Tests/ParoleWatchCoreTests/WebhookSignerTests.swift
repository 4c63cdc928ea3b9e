import Foundation
import ParoleWatchCore
import Testing

/// The Standard Webhooks test vector, from standard-webhooks/standard-webhooks
/// `libraries/python/tests/test_webhooks.py` (`test_sign_function`), also used by the Svix libraries.
enum StandardWebhooksVector {
    static let secret = Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp = 1_614_265_330
    static let body = Array(#"{"test": 2432232314}"#.utf8)
    static let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    /// The same file's `test_invalid_signature_raises_error`: one base64 digit off.
    static let wrongSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="
}

@Suite("WebhookSigner signs and verifies Standard Webhooks v1")
struct WebhookSignerTests {
    typealias Vector = StandardWebhooksVector

    @Test("reproduces the published Standard Webhooks test vector exactly")
    func publishedVector() throws {
        let signer = try WebhookSigner(secret: Vector.secret)
        #expect(signer.signature(id: Vector.id, timestamp: Vector.timestamp, body: Vector.body) == Vector.signature)
    }

    @Test("verifies the published signature and rejects the one-digit-off one")
    func verifiesVector() {
        #expect(verify(Vector.signature))
        #expect(!verify(Vector.wrongSignature))
    }

    @Test("accepts a header listing several signatures when one of them is valid")
    func severalSignatures() {
        let header = [
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            Vector.signature,
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
        ].joined(separator: " ")
        #expect(verify(header))
    }

    @Test(
        "rejects malformed signature headers",
        arguments: ["", "v1,", "v1,not base64!", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="]
    )
    func malformedHeaders(_ header: String) {
        #expect(!verify(header))
    }

    @Test("a changed body, id or timestamp no longer verifies")
    func tamperingIsDetected() {
        let secret = Vector.secret
        let sig = Vector.signature
        #expect(!WebhookSigner.verify(secret: secret, id: Vector.id, timestamp: "1614265330", body: Array(#"{"test": 2432232315}"#.utf8), signatureHeader: sig))
        #expect(!WebhookSigner.verify(secret: secret, id: "msg_other", timestamp: "1614265330", body: Vector.body, signatureHeader: sig))
        #expect(!WebhookSigner.verify(secret: secret, id: Vector.id, timestamp: "1614265331", body: Vector.body, signatureHeader: sig))
        #expect(!WebhookSigner.verify(secret: secret, id: Vector.id, timestamp: "not a number", body: Vector.body, signatureHeader: sig))
        #expect(!WebhookSigner.verify(secret: Secret("whsec_" + Data(repeating: 7, count: 24).base64EncodedString()), id: Vector.id, timestamp: "1614265330", body: Vector.body, signatureHeader: sig))
    }

    @Test("with a clock, timestamps outside the tolerance are refused as replays")
    func toleranceWindow() {
        let signed = Date(timeIntervalSince1970: TimeInterval(Vector.timestamp))
        func check(_ offset: TimeInterval) -> Bool {
            WebhookSigner.verify(
                secret: Vector.secret,
                id: Vector.id,
                timestamp: String(Vector.timestamp),
                body: Vector.body,
                signatureHeader: Vector.signature,
                now: signed.addingTimeInterval(offset),
                tolerance: .seconds(300)
            )
        }
        #expect(check(0))
        #expect(check(300))
        #expect(check(-300))
        #expect(!check(301))
        #expect(!check(-301))
    }

    @Test("headers carry id, timestamp, signature and the JSON content type")
    func headers() throws {
        let signer = try WebhookSigner(secret: Vector.secret)
        let headers = signer.headers(id: Vector.id, timestamp: Vector.timestamp, body: Vector.body)
        #expect(
            headers == [
                HTTPHeader(name: "webhook-id", value: Vector.id),
                HTTPHeader(name: "webhook-timestamp", value: "1614265330"),
                HTTPHeader(name: "webhook-signature", value: Vector.signature),
                HTTPHeader(name: "content-type", value: "application/json"),
            ]
        )
    }

    @Test("signs bodies with any bytes, empty included, and verifies its own signatures")
    func roundTrip() throws {
        let signer = try WebhookSigner(secret: Vector.secret)
        for body in [[], [0, 255, 10, 13], Array("é €😀".utf8), [UInt8](repeating: 0x41, count: 300_000)] as [[UInt8]] {
            let signature = signer.signature(id: "d-1", timestamp: 1, body: body)
            #expect(signature.hasPrefix("v1,"))
            #expect(signer.isValid(id: "d-1", timestamp: "1", body: body, signatureHeader: signature))
        }
    }

    @Test(
        "malformed secrets are refused without being quoted",
        arguments: ["", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_***not-base64***", "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
    )
    func malformedSecrets(_ text: String) {
        #expect(throws: WebhookSignerError.self) { try WebhookSigner(secret: Secret(text)) }
        do {
            _ = try WebhookSigner(secret: Secret(text))
        } catch {
            #expect(!text.isEmpty && text != "whsec_" ? !error.description.contains(text) : true)
            #expect(error.description.hasPrefix("webhook secret unusable"))
        }
        #expect(!WebhookSigner.verify(secret: Secret(text), id: "a", timestamp: "1", body: [], signatureHeader: "v1,AAAA"))
    }

    @Test("a signer never prints or dumps its key")
    func redacted() throws {
        let signer = try WebhookSigner(secret: Vector.secret)
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [signer.description, "\(signer)", String(reflecting: signer), dumped] {
            #expect(!text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        }
        #expect(signer.description == "WebhookSigner(<redacted>)")
    }

    private func verify(_ header: String) -> Bool {
        WebhookSigner.verify(
            secret: Vector.secret,
            id: Vector.id,
            timestamp: String(Vector.timestamp),
            body: Vector.body,
            signatureHeader: header
        )
    }
}
