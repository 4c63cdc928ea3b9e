/// One feed syntax family: RSS (0.9x, 1.0, 2.0), Atom (0.3, 1.0) or JSON Feed (1.0, 1.1).
///
/// ``FeedDocumentParser`` detects the format by content and hands the document to the matching conformer.
/// Conformers are pure values: parsing is synchronous and linear in document size.
protocol FeedParser {
    /// Reads the whole document into a normalized feed; problems the feed survives become warnings.
    func parse() throws(FeedParseError) -> ParsedFeed
}

/// A parser working on an ``XMLDocument``, whose reader warnings belong to the result.
protocol XMLFeedParser: FeedParser {
    var document: XMLDocument { get }
}

extension RSSParser: XMLFeedParser {}
extension AtomParser: XMLFeedParser {}
