import Foundation

/// Reads RSS 0.90, 0.91, 0.92, 2.0 and RSS 1.0 (RDF) documents.
///
/// Field choices follow feedparser: the first `title` wins; a later `link` (or alternate `atom:link`)
/// replaces an earlier one; a guid that is a permalink (`isPermaLink` absent or "true") stands in for a
/// missing link and is resolved against the base; `rdf:about` gives RSS 1.0 items their id; `pubDate` and
/// `dcterms:issued` feed `published`, `dc:date`, `dcterms:modified` and `lastBuildDate` feed `updated`;
/// `content:encoded` (or `xhtml:body`) is the content, `description` the summary.
struct RSSParser: FeedParser {
    let document: XMLDocument
    let format: FeedFormat

    /// Namespaces whose unprefixed RSS vocabulary (title, link, item, …) we accept.
    private static let rssNamespaces: Set<String> = ["", XMLNamespace.rss10, XMLNamespace.rss090]

    func parse() throws(FeedParseError) -> ParsedFeed {
        guard let root = document.root else { throw FeedParseError(reason: "no root element") }
        var warnings = FeedWarnings()
        let channel = document.childElements(of: root).first {
            document.elements[$0].name == "channel" && Self.rssNamespaces.contains(document.elements[$0].namespace)
        }
        var title: String?
        var link: String?
        if let channel {
            for child in document.childElements(of: channel) {
                let element = document.elements[child]
                switch (element.namespace, element.name) {
                case (let ns, "title") where Self.rssNamespaces.contains(ns) || ns == XMLNamespace.dc:
                    if title == nil { title = document.guessedTitle(of: child) }
                case (let ns, "link") where Self.rssNamespaces.contains(ns):
                    let value = document.trimmedText(of: child)
                    if !value.isEmpty { link = URLResolver.resolve(value, against: element.base) }
                case (XMLNamespace.atom10, "link"):
                    if let href = Self.alternateHref(element) {
                        link = URLResolver.resolve(href, against: element.base)
                    }
                default:
                    break
                }
            }
        } else {
            warnings.append("no <channel> element in <\(document.elements[root].qualifiedName)>")
        }
        let items = document.descendants(of: root, named: "item", in: Self.rssNamespaces)
        var entries: [FeedEntry] = []
        entries.reserveCapacity(min(items.count, FeedDocumentParser.maximumEntries))
        for item in items.prefix(FeedDocumentParser.maximumEntries) {
            entries.append(entry(item, warnings: &warnings))
        }
        if items.count > FeedDocumentParser.maximumEntries {
            warnings.append(
                "feed has \(items.count) items; only the first \(FeedDocumentParser.maximumEntries) were read"
            )
        }
        return ParsedFeed(title: title, link: link, format: format, entries: entries, warnings: warnings.messages)
    }

    /// The href of an `atom:link` that feedparser treats as the alternate HTML link.
    static func alternateHref(_ element: XMLDocument.Element) -> String? {
        guard let href = element.attribute("href") else { return nil }
        let rel = element.attribute("rel") ?? "alternate"
        let type = element.attribute("type") ?? "text/html"
        guard rel == "alternate", type == "text/html" || type == "application/xhtml+xml" else { return nil }
        return href.trimmedWhitespace()
    }

    /// Where an entry's content or summary comes from; converted to text only if it is the one used.
    private enum TextSource {
        case element(Int, FeedTextKind)
        case atomTextConstruct(Int)
    }

    private func entry(_ item: Int, warnings: inout FeedWarnings) -> FeedEntry {
        var entry = FeedEntry()
        if let about = document.elements[item].attribute("about", namespace: XMLNamespace.rdf) {
            entry.id = about.trimmedWhitespace()
        }
        var content: TextSource?
        var summary: TextSource?
        var mediaTitle: String?
        // feedparser: a second summary-like element, while there is no content yet, becomes the content.
        func addSummary(_ source: TextSource) {
            if summary != nil && content == nil { content = source } else { summary = source }
        }
        for child in document.entryChildren(of: item) {
            let element = document.elements[child]
            let isRSS = Self.rssNamespaces.contains(element.namespace)
            switch (element.namespace, element.name) {
            case (_, "title") where isRSS, (XMLNamespace.dc, "title"), (XMLNamespace.atom10, "title"):
                if entry.title == nil { entry.title = document.guessedTitle(of: child) }
            case (XMLNamespace.media, "title"):
                if mediaTitle == nil { mediaTitle = document.guessedTitle(of: child) }
            case (_, "link") where isRSS:
                let value = document.trimmedText(of: child)
                entry.link = value.isEmpty ? nil : URLResolver.resolve(value, against: element.base)
            case (XMLNamespace.atom10, "link"):
                if let href = Self.alternateHref(element) {
                    entry.link = URLResolver.resolve(href, against: element.base)
                }
            case (_, "guid") where isRSS, (XMLNamespace.atom10, "id"):
                let value = document.trimmedText(of: child)
                guard !value.isEmpty else { break }
                let isPermaLink =
                    (element.attribute("isPermaLink") ?? element.attribute("ispermalink") ?? "true")
                    == "true"
                if isPermaLink {
                    let resolved = URLResolver.resolve(value, against: element.base)
                    entry.id = resolved
                    if entry.link == nil { entry.link = resolved }
                } else {
                    entry.id = value
                }
            case (_, "description") where isRSS, (XMLNamespace.dc, "description"), (XMLNamespace.itunes, "summary"):
                addSummary(.element(child, .html))
            case (XMLNamespace.media, "description"):
                addSummary(.element(child, document.mediaTextKind(of: child)))
            case (XMLNamespace.atom10, "summary"):
                addSummary(.atomTextConstruct(child))
            case (XMLNamespace.content, "encoded"):
                if content == nil { content = .element(child, .html) }
            case (XMLNamespace.xhtml, "body"):
                if content == nil { content = .element(child, .xhtml) }
            case (XMLNamespace.atom10, "content"):
                if content == nil { content = .atomTextConstruct(child) }
            case (_, "pubDate") where isRSS, (XMLNamespace.dcterms, "issued"), (XMLNamespace.atom10, "published"):
                entry.published = document.date(of: child, warnings: &warnings)
            case (XMLNamespace.dc, "date"), (XMLNamespace.dcterms, "modified"), (XMLNamespace.atom10, "updated"):
                entry.updated = document.date(of: child, warnings: &warnings)
            case (_, "author") where isRSS, (XMLNamespace.dc, "creator"), (XMLNamespace.dc, "author"),
                (XMLNamespace.itunes, "author"):
                let value = HTMLText.singleLine(document.textContent(of: child))
                if !value.isEmpty { entry.author = value }
            case (XMLNamespace.atom10, "author"):
                if let value = AtomParser.personName(document, child) { entry.author = value }
            default:
                break
            }
        }
        if entry.title == nil { entry.title = mediaTitle }
        if let content { entry.text = text(of: content, warnings: &warnings) }
        if entry.text.isEmpty, let summary { entry.text = text(of: summary, warnings: &warnings) }
        return entry
    }

    private func text(of source: TextSource, warnings: inout FeedWarnings) -> String {
        switch source {
        case .element(let index, let kind): document.plainText(of: index, as: kind)
        case .atomTextConstruct(let index): AtomParser.textConstruct(document, index, warnings: &warnings) ?? ""
        }
    }
}
