/// A subscriber whose digests cannot be built, such as a `telegram` subscriber whose URL names no chat.
///
/// Never quotes the subscriber URL, which may embed a bot token.
public struct DigestBuildError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The subscriber's `id`.
    public var subscriberID: String
    /// What is wrong and how to fix it.
    public var reason: String

    public init(subscriberID: String, reason: String) {
        self.subscriberID = subscriberID
        self.reason = reason
    }

    /// `subscriber 'ID': REASON`.
    public var description: String { "subscriber '\(subscriberID)': \(reason)" }
}
