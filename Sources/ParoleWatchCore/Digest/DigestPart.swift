/// One HTTP body of a digest, ready to sign and POST, with the alerts it carries.
///
/// A digest too large for one message of its format is split into parts; each alert is in exactly one part, and
/// parts keep the alerts' order. Each part is one delivery with its own `webhook-id`.
public struct DigestPart: Sendable, Equatable {
    /// The exact bytes to send (UTF-8 JSON); sign these, not a re-encoding.
    public var body: [UInt8]
    /// IDs of the alerts in this part, in order; empty for a test message.
    public var alertIDs: [String]

    public init(body: [UInt8], alertIDs: [String]) {
        self.body = body
        self.alertIDs = alertIDs
    }

    /// The body as text, for logs in tests and `--json` previews.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
