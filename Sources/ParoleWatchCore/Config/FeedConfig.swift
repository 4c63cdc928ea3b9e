/// One feed to poll, from the feed-list file or the config's inline `feeds:` list.
public struct FeedConfig: Sendable, Equatable {
    /// Stable identifier: 1–64 characters from `A–Z a–z 0–9 . _ -`, unique in the list.
    public var id: String
    /// Absolute URL: `http://`, `https://`, or `file:///abs/path` (a relative `file:` path in the list has been
    /// resolved against the feed-list file's folder and the file checked to exist).
    public var url: String
    /// Poll interval for this feed (`interval:`), overriding `poll.interval`; nil to use the global one.
    public var interval: Duration?
    /// The feed's language (`lang:`), a lowercase code such as `es`, `ht`, or `mixed`; nil when unknown.
    public var language: String?

    /// Memberwise; `url` should already be absolute (see `url`).
    public init(id: String, url: String, interval: Duration? = nil, language: String? = nil) {
        self.id = id
        self.url = url
        self.interval = interval
        self.language = language
    }

    /// True for a `file:` URL, read from disk instead of fetched.
    public var isLocalFile: Bool {
        url.lowercased().hasPrefix("file:")
    }
}
