/// A whole feed document after parsing: its title and link, detected format, entries in document order,
/// and the non-fatal problems met on the way.
public struct ParsedFeed: Sendable, Equatable {
    /// The feed's own title, as plain text.
    public var title: String?
    /// The feed's home page (RSS channel link, Atom alternate link, JSON `home_page_url`).
    public var link: String?
    /// The detected format and version.
    public var format: FeedFormat
    /// Entries in document order, at most ``FeedDocumentParser/maximumEntries``.
    public var entries: [FeedEntry]
    /// Non-fatal problems ("bozo" in feedparser's words), each a readable sentence with a line number when known.
    public var warnings: [String]

    /// Creates a parsed feed.
    public init(title: String?, link: String?, format: FeedFormat, entries: [FeedEntry], warnings: [String]) {
        self.title = title
        self.link = link
        self.format = format
        self.entries = entries
        self.warnings = warnings
    }
}
