/// A webhook secret that cannot sign: it is not `whsec_` followed by a non-empty base64 key.
///
/// Never holds the secret text, so it may be logged as is.
public struct WebhookSignerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Why the secret is unusable, without quoting it.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    /// `webhook secret unusable: REASON`.
    public var description: String { "webhook secret unusable: \(reason)" }
}
