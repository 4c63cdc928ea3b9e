import Foundation

/// Reads Atom 1.0 and Atom 0.3 documents.
///
/// Field choices follow feedparser: the first `title` wins; the last `link` with rel "alternate" (the
/// default) and an HTML type (the default) is the link, resolved against `xml:base`; an entry without one
/// uses its id; `published` (0.3 `issued`) feeds `published`, `updated` (0.3 `modified`) feeds `updated`;
/// content with `src` is skipped in favor of the summary. Text constructs honor `type` (text, html, xhtml
/// and MIME types) and Atom 0.3 `mode` (escaped, xml, base64).
struct AtomParser: FeedParser {
    let document: XMLDocument
    let format: FeedFormat

    func parse() throws(FeedParseError) -> ParsedFeed {
        guard let root = document.root else { throw FeedParseError(reason: "no root element") }
        var warnings = FeedWarnings()
        let atom = document.elements[root].namespace
        var title: String?
        var link: String?
        for child in document.childElements(of: root) {
            let element = document.elements[child]
            guard element.namespace == atom else { continue }
            switch element.name {
            case "title":
                if title == nil { title = HTMLText.singleLine(textConstruct(child, warnings: &warnings) ?? "") }
            case "link":
                if let href = RSSParser.alternateHref(element) {
                    link = URLResolver.resolve(href, against: element.base)
                }
            default:
                break
            }
        }
        let items = document.descendants(of: root, named: "entry", in: [atom])
        var entries: [FeedEntry] = []
        entries.reserveCapacity(min(items.count, FeedDocumentParser.maximumEntries))
        for item in items.prefix(FeedDocumentParser.maximumEntries) {
            entries.append(entry(item, namespace: atom, warnings: &warnings))
        }
        if items.count > FeedDocumentParser.maximumEntries {
            warnings.append(
                "feed has \(items.count) entries; only the first \(FeedDocumentParser.maximumEntries) were read"
            )
        }
        return ParsedFeed(title: title, link: link, format: format, entries: entries, warnings: warnings.messages)
    }

    private func entry(_ item: Int, namespace atom: String, warnings: inout FeedWarnings) -> FeedEntry {
        var entry = FeedEntry()
        var content: String?
        var summary: String?
        var mediaTitle: String?
        // feedparser: a second summary-like element, while there is no content yet, becomes the content.
        func addSummary(_ text: String?) {
            if summary != nil && content == nil { content = text } else { summary = text }
        }
        for child in document.entryChildren(of: item) {
            let element = document.elements[child]
            switch (element.namespace, element.name) {
            case (atom, "title"):
                if entry.title == nil {
                    entry.title = HTMLText.singleLine(textConstruct(child, warnings: &warnings) ?? "")
                }
            case (atom, "link"):
                if let href = RSSParser.alternateHref(element) {
                    entry.link = URLResolver.resolve(href, against: element.base)
                }
            case (atom, "id"):
                let value = document.trimmedText(of: child)
                guard !value.isEmpty else { break }
                let resolved = URLResolver.resolve(value, against: element.base)
                entry.id = resolved
                if entry.link == nil { entry.link = resolved }
            case (atom, "published"), (atom, "issued"), (XMLNamespace.dcterms, "issued"):
                entry.published = document.date(of: child, warnings: &warnings)
            case (atom, "updated"), (atom, "modified"), (XMLNamespace.dc, "date"), (XMLNamespace.dcterms, "modified"):
                entry.updated = document.date(of: child, warnings: &warnings)
            case (atom, "author"):
                if entry.author == nil { entry.author = Self.personName(document, child) }
            case (XMLNamespace.dc, "creator"):
                let value = HTMLText.singleLine(document.textContent(of: child))
                if !value.isEmpty { entry.author = value }
            case (atom, "content"):
                if content == nil, element.attribute("src") == nil {
                    content = textConstruct(child, warnings: &warnings)
                }
            case (atom, "summary"):
                addSummary(textConstruct(child, warnings: &warnings))
            case (XMLNamespace.media, "description"):
                addSummary(document.plainText(of: child, as: document.mediaTextKind(of: child)))
            case (XMLNamespace.media, "title"):
                if mediaTitle == nil { mediaTitle = document.guessedTitle(of: child) }
            default:
                break
            }
        }
        if entry.title == nil { entry.title = mediaTitle }
        entry.text = content ?? ""
        if entry.text.isEmpty { entry.text = summary ?? "" }
        return entry
    }

    /// "name (email)", the name, or the email of an Atom person construct, as feedparser writes it.
    static func personName(_ document: XMLDocument, _ person: Int) -> String? {
        var name: String?
        var email: String?
        for child in document.childElements(of: person) {
            let element = document.elements[child]
            let value = HTMLText.singleLine(document.textContent(of: child))
            guard !value.isEmpty else { continue }
            if element.name == "name" { name = value }
            if element.name == "email" { email = value }
        }
        switch (name, email) {
        case (let name?, let email?): return "\(name) (\(email))"
        case (let name?, nil): return name
        case (nil, let email?): return email
        case (nil, nil):
            let value = HTMLText.singleLine(document.textContent(of: person))
            return value.isEmpty ? nil : value
        }
    }

    private func textConstruct(_ index: Int, warnings: inout FeedWarnings) -> String? {
        Self.textConstruct(document, index, warnings: &warnings)
    }

    /// Plain text of an Atom text construct (title, summary, content), or nil for a non-text media type.
    static func textConstruct(_ document: XMLDocument, _ index: Int, warnings: inout FeedWarnings) -> String? {
        let element = document.elements[index]
        let type = (element.attribute("type") ?? "text").trimmedWhitespace().lowercased()
        let mode = element.attribute("mode")?.lowercased()
        let kind: FeedTextKind
        switch type {
        case "text", "text/plain", "": kind = .text
        case "html", "text/html": kind = .html
        case "xhtml", "application/xhtml+xml": kind = .xhtml
        default:
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") {
                kind = .xhtml
            } else if type.hasPrefix("text/") {
                kind = .text
            } else {
                return nil
            }
        }
        if mode == "base64" {
            let encoded = document.textContent(of: index).filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: encoded) else {
                warnings.append(
                    "invalid base64 in <\(element.qualifiedName)> at line \(document.line(at: element.offset))"
                )
                return nil
            }
            let decoded = String(decoding: data, as: UTF8.self)
            return kind == .text ? HTMLText.normalizedPlainText(decoded) : HTMLText.plainText(fromHTML: decoded)
        }
        if mode == "xml" { return document.plainText(of: index, as: kind == .text ? .text : .xhtml) }
        return document.plainText(of: index, as: kind)
    }
}
