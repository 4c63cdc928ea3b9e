import Foundation

/// One item of a feed, normalized across RSS, RDF, Atom and JSON Feed.
///
/// Field choices follow Python feedparser, the de facto reference: `published` is fed by RSS `pubDate`,
/// Atom `published` (0.3 `issued`) and `dcterms:issued`; `updated` by Atom `updated` (0.3 `modified`),
/// `dc:date` and `dcterms:modified`. Dates are whole seconds (fractions are dropped, as feedparser does).
public struct FeedEntry: Sendable, Equatable, Codable {
    /// guid / atom:id / JSON id, trimmed; nil if absent.
    public var id: String?
    /// Absolute URL when a base is known (xml:base / document URL resolved); an RSS permalink guid stands in
    /// for a missing link, as do Atom ids.
    public var link: String?
    /// Plain text (HTML in titles is stripped, whitespace collapsed).
    public var title: String?
    /// When the entry was first published, if the feed says so.
    public var published: Date?
    /// When the entry was last updated, if the feed says so.
    public var updated: Date?
    /// The author as the feed gives it: RSS `author`/`dc:creator` verbatim, Atom `name (email)`, JSON names.
    public var author: String?
    /// Plain text of the content (content:encoded, Atom content, JSON content_html/content_text) or, failing
    /// that, the summary/description; "" if none.
    public var text: String

    /// Creates an entry; every field but `text` defaults to absent.
    public init(
        id: String? = nil,
        link: String? = nil,
        title: String? = nil,
        published: Date? = nil,
        updated: Date? = nil,
        author: String? = nil,
        text: String = ""
    ) {
        self.id = id
        self.link = link
        self.title = title
        self.published = published
        self.updated = updated
        self.author = author
        self.text = text
    }

    /// The best date to order entries by: `published`, else `updated`.
    public var date: Date? { published ?? updated }
}
