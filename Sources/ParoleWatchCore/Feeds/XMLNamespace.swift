/// Namespace URIs the feed parsers look for, and the prefixes conventionally bound to them.
enum XMLNamespace {
    static let xml = "http://www.w3.org/XML/1998/namespace"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let media = "http://search.yahoo.com/mrss/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"

    /// Used when a feed forgets to declare a well-known prefix (common with `content:` and `dc:`).
    static let conventional: [String: String] = [
        "content": content, "dc": dc, "dcterms": dcterms, "atom": atom10, "rdf": rdf, "xhtml": xhtml,
        "media": media, "itunes": itunes,
    ]
}
