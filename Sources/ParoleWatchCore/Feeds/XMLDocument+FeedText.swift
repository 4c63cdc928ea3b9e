import Foundation

/// How a feed element's text is to be read, from its declared type.
enum FeedTextKind {
    case text, html, xhtml
}

extension XMLDocument {
    /// Text of a simple-valued element (link, guid, date), trimmed.
    func trimmedText(of index: Int) -> String {
        textContent(of: index).trimmedWhitespace()
    }

    /// The raw markup or text of `index`: its text when it holds only text, else its children re-serialized.
    func rawContent(of index: Int) -> String {
        hasElementChildren(index) ? innerXML(of: index) : textContent(of: index)
    }

    /// Plain text of `index` read as `kind`, whitespace collapsed (line breaks kept for block elements).
    func plainText(of index: Int, as kind: FeedTextKind) -> String {
        switch kind {
        case .text:
            if hasElementChildren(index) { return HTMLText.plainText(fromHTML: innerXML(of: index)) }
            return HTMLText.normalizedPlainText(textContent(of: index))
        case .html:
            return HTMLText.plainText(fromHTML: rawContent(of: index))
        case .xhtml:
            return HTMLText.plainText(fromHTML: innerXML(of: index))
        }
    }

    /// An RSS-style title: plain text unless it looks like HTML (feedparser's heuristic), on one line.
    func guessedTitle(of index: Int) -> String {
        let raw = rawContent(of: index)
        if hasElementChildren(index) || HTMLText.looksLikeHTML(raw) {
            return HTMLText.singleLine(HTMLText.plainText(fromHTML: raw))
        }
        return HTMLText.singleLine(raw)
    }

    /// The date in `index`, or nil with a warning naming the element and line.
    func date(of index: Int, warnings: inout FeedWarnings) -> Date? {
        let value = trimmedText(of: index)
        if let date = FeedDate.parse(value) { return date }
        let element = elements[index]
        warnings.append(
            "unparseable date \"\(value.prefix(80))\" in <\(element.qualifiedName)> at line \(line(at: element.offset))"
        )
        return nil
    }

    /// All elements named `name` in `namespaces` below `index`, in document order, not looking inside matches.
    func descendants(of index: Int, named name: String, in namespaces: Set<String>) -> [Int] {
        var found: [Int] = []
        var pending: [Int] = childElements(of: index).reversed()
        while let next = pending.popLast() {
            let element = elements[next]
            if element.name == name && namespaces.contains(element.namespace) {
                found.append(next)
            } else {
                pending.append(contentsOf: childElements(of: next).reversed())
            }
        }
        return found
    }

    /// An entry's children in document order, with `media:group` children spliced in where the group is.
    ///
    /// feedparser reads `media:title` and `media:description` at any depth; we take them from the entry and
    /// its `media:group`, not from inside `media:content`, where they describe an attachment (an image's
    /// alt text), not the post.
    func entryChildren(of item: Int) -> [Int] {
        var children: [Int] = []
        for child in childElements(of: item) {
            let element = elements[child]
            if element.namespace == XMLNamespace.media && element.name == "group" {
                children.append(contentsOf: childElements(of: child))
            } else {
                children.append(child)
            }
        }
        return children
    }

    /// Media RSS text is HTML unless `type="plain"` says otherwise (feedparser reads it as HTML by default).
    func mediaTextKind(of index: Int) -> FeedTextKind {
        elements[index].attribute("type")?.lowercased() == "plain" ? .text : .html
    }
}
