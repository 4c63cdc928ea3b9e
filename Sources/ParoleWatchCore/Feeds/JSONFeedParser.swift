import Foundation

/// Reads JSON Feed 1.0 and 1.1 documents (https://jsonfeed.org/version/1.1).
///
/// A cheap byte scan first rejects nesting deeper than ``maximumDepth``, so a hostile 100,000-deep document
/// fails fast instead of overflowing the stack in JSONSerialization. Links are `url`, else `external_url`;
/// text is `content_html` (as HTML), else `content_text`, else `summary`; authors are 1.1 `authors` or 1.0
/// `author`, item-level first, then feed-level.
struct JSONFeedParser: FeedParser {
    /// Deepest array/object nesting accepted; real feeds need about 4.
    static let maximumDepth = 64
    static let versionPrefix = "https://jsonfeed.org/version/"

    let utf8: [UInt8]
    let documentURL: URL?

    func parse() throws(FeedParseError) -> ParsedFeed {
        try Self.checkDepth(utf8)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [])
        } catch {
            throw FeedParseError(reason: "invalid JSON: \(Self.describe(error))")
        }
        guard let feed = object as? [String: Any] else {
            throw FeedParseError(reason: "JSON document is not an object, so not a JSON Feed")
        }
        guard let version = feed["version"] as? String else {
            throw FeedParseError(reason: "JSON object has no \"version\", so not a JSON Feed")
        }
        var warnings = FeedWarnings()
        let format: FeedFormat
        switch version {
        case Self.versionPrefix + "1", Self.versionPrefix + "1.0": format = .jsonFeed10
        case Self.versionPrefix + "1.1": format = .jsonFeed11
        default:
            let loose = version.replacingOccurrences(of: "http://", with: "https://")
            guard loose.hasPrefix(Self.versionPrefix) else {
                throw FeedParseError(reason: "JSON \"version\" \"\(version.prefix(80))\" is not a JSON Feed version")
            }
            warnings.append("unknown JSON Feed version \"\(version.prefix(80))\"; read as 1.1")
            format = .jsonFeed11
        }
        let base = documentURL?.absoluteString
        let title = (feed["title"] as? String).map(HTMLText.singleLine)
        let link = (feed["home_page_url"] as? String).map { URLResolver.resolve(Self.trimmed($0), against: base) }
        let feedAuthor = Self.authorNames(feed)
        var entries: [FeedEntry] = []
        if let items = feed["items"] as? [Any] {
            entries.reserveCapacity(min(items.count, FeedDocumentParser.maximumEntries))
            for (position, value) in items.prefix(FeedDocumentParser.maximumEntries).enumerated() {
                guard let item = value as? [String: Any] else {
                    warnings.append("items[\(position)] is not an object; skipped")
                    continue
                }
                entries.append(entry(item, base: base, feedAuthor: feedAuthor, warnings: &warnings))
            }
            if items.count > FeedDocumentParser.maximumEntries {
                warnings.append(
                    "feed has \(items.count) items; only the first \(FeedDocumentParser.maximumEntries) were read"
                )
            }
        } else {
            warnings.append("JSON Feed has no \"items\" array")
        }
        return ParsedFeed(title: title, link: link, format: format, entries: entries, warnings: warnings.messages)
    }

    private func entry(_ item: [String: Any], base: String?, feedAuthor: String?, warnings: inout FeedWarnings)
        -> FeedEntry
    {
        var entry = FeedEntry()
        if let id = item["id"] as? String {
            entry.id = Self.trimmed(id)
        } else if let id = item["id"] as? NSNumber {
            entry.id = id.stringValue
        }
        if entry.id?.isEmpty == true { entry.id = nil }
        if let url = (item["url"] as? String) ?? (item["external_url"] as? String), !Self.trimmed(url).isEmpty {
            entry.link = URLResolver.resolve(Self.trimmed(url), against: base)
        }
        entry.title = (item["title"] as? String).map(HTMLText.singleLine)
        if let html = item["content_html"] as? String, !html.isEmpty {
            entry.text = HTMLText.plainText(fromHTML: html)
        } else if let text = item["content_text"] as? String, !text.isEmpty {
            entry.text = HTMLText.normalizedPlainText(text)
        } else if let summary = item["summary"] as? String {
            entry.text = HTMLText.normalizedPlainText(summary)
        }
        entry.published = date(item["date_published"], field: "date_published", warnings: &warnings)
        entry.updated = date(item["date_modified"], field: "date_modified", warnings: &warnings)
        entry.author = Self.authorNames(item) ?? feedAuthor
        return entry
    }

    private func date(_ value: Any?, field: String, warnings: inout FeedWarnings) -> Date? {
        guard let text = value as? String else { return nil }
        if let date = FeedDate.parse(text) { return date }
        warnings.append("unparseable date \"\(text.prefix(80))\" in \"\(field)\"")
        return nil
    }

    /// Names from 1.1 `authors` (joined with ", ") or 1.0 `author`; nil when none has a name.
    private static func authorNames(_ object: [String: Any]) -> String? {
        var people: [[String: Any]] = []
        if let authors = object["authors"] as? [Any] {
            people = authors.compactMap { $0 as? [String: Any] }
        } else if let author = object["author"] as? [String: Any] {
            people = [author]
        }
        let names = people.compactMap { ($0["name"] as? String).map(HTMLText.singleLine) }.filter { !$0.isEmpty }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmedWhitespace()
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }

    /// Throws when arrays/objects nest deeper than ``maximumDepth``; strings are skipped. Linear, no recursion.
    static func checkDepth(_ utf8: [UInt8]) throws(FeedParseError) {
        var depth = 0
        var inString = false
        var escaped = false
        var line = 1
        for byte in utf8 {
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x7B, 0x5B:
                depth += 1
                if depth > maximumDepth {
                    throw FeedParseError(
                        reason: "JSON nests deeper than \(maximumDepth) levels; refusing to read it",
                        line: line
                    )
                }
            case 0x7D, 0x5D: depth -= 1
            default: break
            }
        }
    }
}
