import Foundation

/// A webhook signing secret (`whsec_` followed by a base64 key, as Standard Webhooks defines it).
///
/// Every textual form (`description`, `debugDescription`, string interpolation, `dump`) prints `<redacted>`,
/// so a `Config` or an error that holds one can be logged without leaking it; only `reveal()` gives the text.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The `whsec_` prefix of a Standard Webhooks secret.
    public static let prefix = "whsec_"

    private let text: String

    /// Wraps `text` without checking it; `signingKey` is nil when it is not a well-formed `whsec_` secret.
    public init(_ text: String) {
        self.text = text
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }

    /// A mirror without children, so `dump` and reflection-based printing cannot reach the text.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The secret text itself, `whsec_…`. Call only where the key is used (signing), never to log or print.
    public func reveal() -> String { text }

    /// The HMAC-SHA256 key: the base64 text after `whsec_`, decoded; nil when the secret is malformed.
    public var signingKey: Data? {
        Secret.decodeKey(text)
    }

    /// Decodes the key of a `whsec_` secret, or nil when `text` lacks the prefix or the rest is not non-empty base64.
    static func decodeKey(_ text: some StringProtocol) -> Data? {
        guard text.hasPrefix(prefix) else { return nil }
        let encoded = String(text.dropFirst(prefix.count))
        guard let key = Data(base64Encoded: encoded), !key.isEmpty else { return nil }
        return key
    }
}
