import Foundation

/// A parsed feed as `feed inspect` prints it (the JSON shape is fixed by INTERFACE.md):
/// `{"feed":{"title","link","format"}, "entries":[{"id","link","title","published","updated","author","text"}]}`,
/// dates in RFC 3339 UTC, absent values as `null`.
public struct FeedInspection: Encodable, Sendable {
    struct Header: Encodable {
        var title: String?
        var link: String?
        var format: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(link, forKey: .link)
            try container.encode(format, forKey: .format)
        }

        enum CodingKeys: String, CodingKey { case title, link, format }
    }

    struct Entry: Encodable {
        var entry: FeedEntry

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entry.id, forKey: .id)
            try container.encode(entry.link, forKey: .link)
            try container.encode(entry.title, forKey: .title)
            try container.encode(entry.published.map(RFC3339.string), forKey: .published)
            try container.encode(entry.updated.map(RFC3339.string), forKey: .updated)
            try container.encode(entry.author, forKey: .author)
            try container.encode(entry.text, forKey: .text)
        }

        enum CodingKeys: String, CodingKey { case id, link, title, published, updated, author, text }
    }

    var feed: Header
    var entries: [Entry]

    public init(_ parsed: ParsedFeed) {
        feed = Header(title: parsed.title, link: parsed.link, format: parsed.format.rawValue)
        entries = parsed.entries.map(Entry.init)
    }

    /// The JSON document, pretty-printed with sorted keys.
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A listing for a person: the feed, then each entry with its dates and the start of its text.
    public func text() -> String {
        var lines = ["\(feed.title ?? "(untitled)") — \(feed.format)", feed.link ?? "", ""]
        for (index, item) in entries.enumerated() {
            let entry = item.entry
            lines.append("[\(index + 1)] \(entry.title ?? "(no title)")")
            if let link = entry.link { lines.append("    link:      \(link)") }
            if let id = entry.id { lines.append("    id:        \(id)") }
            if let published = entry.published { lines.append("    published: \(RFC3339.string(published))") }
            if let updated = entry.updated { lines.append("    updated:   \(RFC3339.string(updated))") }
            if let author = entry.author { lines.append("    author:    \(author)") }
            let excerpt = entry.text.count > 240 ? String(entry.text.prefix(240)) + "…" : entry.text
            if !excerpt.isEmpty { lines.append("    " + excerpt.replacingOccurrences(of: "\n", with: " ")) }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
