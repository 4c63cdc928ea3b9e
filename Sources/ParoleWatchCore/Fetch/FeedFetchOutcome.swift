/// What one feed poll produced.
public enum FeedFetchOutcome: Sendable {
    /// A 2xx response (or a `file://` read): the raw body to parse, and validators for next time.
    case fetched(body: [UInt8], contentType: String?, validators: FeedValidators, finalURL: String)
    /// 304: the feed did not change since the validators were issued; nothing to parse.
    case notModified
}
