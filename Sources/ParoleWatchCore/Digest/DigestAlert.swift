/// One queued alert as a subscriber's digest shows it: what the post is, where it is, and why it alerted.
public struct DigestAlert: Sendable, Equatable {
    /// The alert's stable identifier in the queue; appears in the `json` body and in ``DigestPart/alertIDs``.
    public var id: String
    /// The post's score.
    public var score: Double
    /// The configured feed it came from (`feeds[].id`).
    public var feedID: String
    /// The post's identifier within its feed (GUID, Atom id or link).
    public var postID: String
    /// The post's link; shown as a link only when it is `http` or `https`.
    public var link: String
    /// The post's title, plain text.
    public var title: String
    /// The start of the post's text, plain text; digests shorten it further.
    public var excerpt: String
    /// IDs of the rules that fired, in the order the scorer reports them.
    public var rules: [String]
    /// The post's language (`en`, `es`), when known.
    public var lang: String?

    public init(
        id: String,
        score: Double,
        feedID: String,
        postID: String,
        link: String,
        title: String,
        excerpt: String,
        rules: [String],
        lang: String? = nil
    ) {
        self.id = id
        self.score = score
        self.feedID = feedID
        self.postID = postID
        self.link = link
        self.title = title
        self.excerpt = excerpt
        self.rules = rules
        self.lang = lang
    }
}
