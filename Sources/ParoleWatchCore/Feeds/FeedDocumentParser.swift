import Foundation

/// The entry point: detects a feed document's format by content and parses it into a ``ParsedFeed``.
public enum FeedDocumentParser {
    /// Entries beyond this many are dropped, with a warning.
    public static let maximumEntries = 10_000
    /// Larger documents are refused outright (a feed is typically 20 KB–2 MB).
    public static let maximumInputBytes = 32 * 1024 * 1024

    /// Detects the format and parses; `contentType` is the HTTP Content-Type (charset hint), `documentURL`
    /// resolves relative links.
    ///
    /// The format comes from the content (root element `rss` with `version`, `rdf:RDF`, `feed` with the
    /// Atom 1.0 or 0.3 namespace, or a JSON object whose `version` starts with
    /// `https://jsonfeed.org/version/`), never from the Content-Type. Pure and synchronous, so any task may
    /// call it; linear in input size. Never crashes on hostile input: entities from a DTD are never expanded,
    /// nesting is bounded, invalid bytes become U+FFFD.
    /// - Throws: ``FeedParseError`` for an empty body, HTML, garbage, invalid or too deep JSON, or a document
    ///   larger than ``maximumInputBytes``.
    public static func parse(
        _ bytes: [UInt8],
        contentType: String? = nil,
        documentURL: URL? = nil
    ) throws(FeedParseError) -> ParsedFeed {
        guard bytes.count <= maximumInputBytes else {
            throw FeedParseError(
                reason: "document is \(bytes.count) bytes, more than the \(maximumInputBytes)-byte limit"
            )
        }
        let decoder = FeedTextDecoder(bytes, contentType: contentType)
        let utf8 = decoder.utf8
        guard let first = utf8.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw FeedParseError(reason: "the document is empty")
        }
        let parser: any FeedParser
        switch utf8[first] {
        case 0x7B, 0x5B:
            parser = JSONFeedParser(utf8: utf8, documentURL: documentURL)
        case 0x3C:
            let document = XMLReader.read(utf8, documentURL: documentURL)
            parser = try xmlParser(for: document)
        default:
            let line = 1 + utf8[..<first].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw FeedParseError(
                reason: "the document is neither XML nor JSON (it starts with \(describe(utf8[first...])))",
                line: line
            )
        }
        var feed = try parser.parse()
        var warnings = FeedWarnings()
        warnings.append(contentsOf: decoder.warnings)
        if let xml = parser as? any XMLFeedParser { warnings.append(contentsOf: xml.document.warnings) }
        warnings.append(contentsOf: feed.warnings)
        feed.warnings = warnings.messages
        return feed
    }

    /// The parser for the document's root element, or an error saying what the root is instead.
    private static func xmlParser(for document: XMLDocument) throws(FeedParseError) -> any FeedParser {
        var document = document
        guard let root = document.root else {
            throw FeedParseError(reason: "no XML element found")
        }
        let element = document.elements[root]
        switch (element.namespace, element.name) {
        case (XMLNamespace.rdf, "RDF"):
            let children = document.childElements(of: root).map { document.elements[$0].namespace }
            let isRSS090 = children.contains(XMLNamespace.rss090)
            return RSSParser(document: document, format: isRSS090 ? .rss090 : .rss10)
        case (_, "rss"):
            let format: FeedFormat
            let version = element.attribute("version")?.trimmedWhitespace()
            switch version {
            case "0.90": format = .rss090
            case "0.91": format = .rss091
            case "0.92", "0.93", "0.94": format = .rss092
            case let version? where version.hasPrefix("2."): format = .rss20
            default:
                format = .rss20
                let found = version.map { "version \"\($0.prefix(20))\"" } ?? "no version"
                document.warnings.append(
                    "<rss> at line \(document.line(at: element.offset)) has \(found); read as RSS 2.0"
                )
            }
            return RSSParser(document: document, format: format)
        case (XMLNamespace.atom10, "feed"):
            return AtomParser(document: document, format: .atom10)
        case (XMLNamespace.atom03, "feed"):
            return AtomParser(document: document, format: .atom03)
        case (_, "feed"):
            let isAtom03 = element.attribute("version")?.hasPrefix("0.") == true
            document.warnings.append(
                "<feed> at line \(document.line(at: element.offset)) is not in the Atom namespace; read as Atom "
                    + (isAtom03 ? "0.3" : "1.0")
            )
            return AtomParser(document: document, format: isAtom03 ? .atom03 : .atom10)
        default:
            throw FeedParseError(
                reason: "found <\(element.qualifiedName.prefix(64))>, expected <rss>, <feed> or <rdf:RDF>",
                line: document.line(at: element.offset)
            )
        }
    }

    private static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        let head = String(decoding: bytes.prefix(24), as: UTF8.self)
        return "\"" + head.replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
