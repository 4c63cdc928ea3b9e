/// Why a document could not be read as a feed at all (empty, HTML, garbage, too deep, too large).
///
/// Problems a feed survives are not errors: they become ``ParsedFeed/warnings``.
public struct FeedParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, e.g. "found <html>, expected <rss>, <feed> or <rdf:RDF>".
    public var reason: String
    /// The 1-based line where the problem was found, when known.
    public var line: Int?

    /// Creates an error; `line` is 1-based.
    public init(reason: String, line: Int? = nil) {
        self.reason = reason
        self.line = line
    }

    /// e.g. "not a feed at line 3: found <html>, expected <rss>, <feed> or <rdf:RDF>".
    public var description: String {
        "not a feed\(line.map { " at line \($0)" } ?? ""): \(reason)"
    }
}
