import Foundation
import Testing

@testable import ParoleWatchCore

@Suite("FeedDate")
struct FeedDateTests {
    @Test(
        "parses RFC 822 dates with odd forms",
        arguments: [
            ("Mon, 15 Jan 2024 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 +0000", "2024-01-15T10:00:00Z"),
            ("15 Jan 2024 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("Mon, 15 Jan 24 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z"),
            ("Mon, 15 Jan 2024 10:00 GMT", "2024-01-15T10:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 UT", "2024-01-15T10:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 UTC", "2024-01-15T10:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 Z", "2024-01-15T10:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 EST", "2024-01-15T15:00:00Z"),
            ("Mon, 15 Jul 2024 10:00:00 EDT", "2024-07-15T14:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 CST", "2024-01-15T16:00:00Z"),
            ("Mon, 15 Jul 2024 10:00:00 CDT", "2024-07-15T15:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 MST", "2024-01-15T17:00:00Z"),
            ("Mon, 15 Jul 2024 10:00:00 MDT", "2024-07-15T16:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 PST", "2024-01-15T18:00:00Z"),
            ("Mon, 15 Jul 2024 10:00:00 PDT", "2024-07-15T17:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 A", "2024-01-15T11:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 N", "2024-01-15T09:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 M", "2024-01-15T22:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 Y", "2024-01-14T22:00:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 +0530", "2024-01-15T04:30:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 -05:30", "2024-01-15T15:30:00Z"),
            ("Mon, 15 Jan 2024 10:00:00 GMT+01:00", "2024-01-15T09:00:00Z"),
            ("Fri, 15 Jan 2024 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("Monday, 15 Jan 2024 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("  Mon,  15   Jan  2024  10:00:00   GMT ", "2024-01-15T10:00:00Z"),
            ("Mon, 15 January 2024 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("Mon, Jan 15 2024 10:00:00 GMT", "2024-01-15T10:00:00Z"),
            ("Mon, 5 Feb 2024 03:04:05 +0530", "2024-02-04T21:34:05Z"),
            ("15 Jan 2024", "2024-01-15T00:00:00Z"),
            ("Sun Jan 14 10:00:00 2024", "2024-01-14T10:00:00Z"),
        ]
    )
    func rfc822(_ text: String, _ expected: String) {
        #expect(FeedDate.parse(text) == FeedFixture.date(expected))
    }

    @Test(
        "parses RFC 3339 and ISO 8601 dates",
        arguments: [
            ("2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z"),
            ("2024-01-15T10:00:00.987Z", "2024-01-15T10:00:00Z"),
            ("2024-01-15T10:00:00.5+02:00", "2024-01-15T08:00:00Z"),
            ("2024-01-15T10:00:00-05:00", "2024-01-15T15:00:00Z"),
            ("2024-01-15t10:00:00z", "2024-01-15T10:00:00Z"),
            ("2024-01-15T10:00:00", "2024-01-15T10:00:00Z"),
            ("2024-01-15T10:00Z", "2024-01-15T10:00:00Z"),
            ("2024-01-15 10:00:00", "2024-01-15T10:00:00Z"),
            ("2024-01-15", "2024-01-15T00:00:00Z"),
            ("2024-01", "2024-01-01T00:00:00Z"),
            ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
            ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
            ("2024-01-15T10:00:00+0530", "2024-01-15T04:30:00Z"),
            ("2024-01-15T10:00:00 +05:30", "2024-01-15T04:30:00Z"),
            ("20240115T100000Z", "2024-01-15T10:00:00Z"),
            ("20240115T1000-0200", "2024-01-15T12:00:00Z"),
            ("20240115T100000.25+01:00", "2024-01-15T09:00:00Z"),
            ("20240115", "2024-01-15T00:00:00Z"),
        ]
    )
    func iso8601(_ text: String, _ expected: String) {
        #expect(FeedDate.parse(text) == FeedFixture.date(expected))
    }

    @Test(
        "returns nil for what is not a date",
        arguments: [
            "", "   ", "sometime last week", "2023-02-29T00:00:00Z", "Mon, 32 Jan 2024 10:00:00 GMT",
            "Mon, 15 Foo 2024 10:00:00 GMT", "2024-01-15T25:00:00Z", "Mon, 15 Jan 2024 10:00:00 +5",
            "2024-01-15T10:00:infZ", "99999-01-01", "20241315", "20240115T10", "20240115T1000Q",
        ]
    )
    func invalid(_ text: String) {
        #expect(FeedDate.parse(text) == nil)
    }

    @Test("an unparseable entry date becomes nil plus a warning naming the line")
    func warningForBadDate() throws {
        let feed = try FeedFixture.parse("rss-rfc822-odd-zones.xml")
        #expect(feed.entries[17].published == nil)
        #expect(feed.warnings == ["unparseable date \"sometime last week\" in <pubDate> at line 24"])
    }
}
