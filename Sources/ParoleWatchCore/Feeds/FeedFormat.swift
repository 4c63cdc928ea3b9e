/// The syndication format and version a feed document was detected as, by content (never by Content-Type).
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss090 = "rss0.90", rss091 = "rss0.91", rss092 = "rss0.92", rss20 = "rss2.0", rss10 = "rss1.0",
        atom03 = "atom0.3", atom10 = "atom1.0", jsonFeed10 = "json1.0", jsonFeed11 = "json1.1"
}
