import Foundation
import ParoleWatchCore
import Testing

/// Fixtures shaped like what common publishing tools emit (contents fictitious).
@Suite("FeedRealWorldShapes")
struct FeedRealWorldShapesTests {
    @Test("a WordPress-style RSS feed: content:encoded wins, guid ?p= is the id, dc:creator the author")
    func wordpress() throws {
        let feed = try FeedFixture.parse("rss-wordpress.xml")
        #expect(feed.title == "Neighborhood Association")
        #expect(feed.link == "https://hood.example.org")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "https://hood.example.org/?p=812",
                    link: "https://hood.example.org/2024/04/street-cleaning/",
                    title: "Street cleaning schedule – spring",
                    published: FeedFixture.date("2024-04-15T18:22:08Z"),
                    author: "Board",
                    text: "Cleaning starts Monday. Move cars from the north side by 8 am.\n\nRoute map\n\n"
                        + "The post Street cleaning schedule – spring appeared first on Neighborhood Association."
                )
            ]
        )
    }

    @Test("a Blogger-style Atom feed: only the alternate link counts, author is name (email)")
    func blogger() throws {
        let feed = try FeedFixture.parse("atom-blogger.xml")
        #expect(feed.link == "https://quilt.example.com/")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "tag:blogger.com,1999:blog-123.post-456",
                    link: "https://quilt.example.com/2024/04/log-cabin.html",
                    title: "Log cabin blocks",
                    published: FeedFixture.date("2024-04-12T17:00:00Z"),
                    updated: FeedFixture.date("2024-04-12T17:11:12Z"),
                    author: "Ruth (noreply@blogger.com)",
                    text: "Finished twelve blocks.\nNext: borders."
                )
            ]
        )
    }

    @Test("a release-notes Atom feed with escaped HTML content")
    func htmlContent() throws {
        let entry = try #require(try FeedFixture.parse("atom-html-content.xml").entries.first)
        #expect(entry.text == "What's Changed\n\nFaster parsing by @dev")
        #expect(entry.published == nil)
        #expect(entry.updated == FeedFixture.date("2024-04-09T12:00:00Z"))
    }

    @Test("a video-site Atom feed: media:group's description is the text, as in feedparser")
    func mediaGroup() throws {
        let entry = try #require(try FeedFixture.parse("atom-media-group.xml").entries.first)
        #expect(entry.id == "yt:video:abc123")
        #expect(entry.link == "https://www.youtube.com/watch?v=abc123")
        #expect(entry.text == "Cut tails first. Then pins. Links: https://example.com/dovetails")
        #expect(entry.published == FeedFixture.date("2024-04-10T15:00:00Z"))
    }

    @Test("an attachment's media:description (image alt text) does not replace the post's text")
    func mediaContentDescription() throws {
        // Deliberate difference from feedparser, which would make "A park" the text.
        let feed = try FeedFixture.parse("rss-media-content-description.xml")
        #expect(
            feed.entries == [
                FeedEntry(
                    id: "https://social.example/@sam/1122334455",
                    link: "https://social.example/@sam/1122334455",
                    published: FeedFixture.date("2024-04-14T11:59:00Z"),
                    text: "Sunny day at the #park 🌞"
                )
            ]
        )
    }
}
