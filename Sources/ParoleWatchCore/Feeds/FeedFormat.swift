/// The syndication format and version a feed document was detected as, by content (never by Content-Type).
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss090 = "rss0.90"
    case rss091 = "rss0.91"
    case rss092 = "rss0.92"
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case atom03 = "atom0.3"
    case atom10 = "atom1.0"
    case jsonFeed10 = "json1.0"
    case jsonFeed11 = "json1.1"
}
