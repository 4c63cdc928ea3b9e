import Foundation
import Yams

/// Reads feed entries `{id, url, interval?, lang?}` from a feed-list file or an inline list.
struct FeedListParser {
    let reader: NodeReader
    /// Absolute folder that relative `file:` URLs resolve against.
    let folder: String

    /// A whole feed-list file: `feeds: [...]`, or a bare top-level list.
    func feedList() -> [FeedConfig]? {
        guard let root = reader.document.root, !root.isYAMLNull else {
            reader.report(nil, "", "the feed list is empty; write 'feeds:' followed by a list of {id, url} entries")
            return nil
        }
        if case .sequence(let items) = root {
            return feeds(Array(items))
        }
        guard let fields = reader.mapping(root, "", allowed: ["feeds"], what: "a feed list") else { return nil }
        guard let node = fields["feeds"] else {
            reader.report(root, "feeds", "missing required key 'feeds'; list the feeds under it")
            return nil
        }
        guard let items = reader.list(node, "feeds", what: "a list of feeds") else { return nil }
        return feeds(items)
    }

    /// The entries of a feed list, each checked; duplicate ids are reported at the second one.
    func feeds(_ items: [Node]) -> [FeedConfig]? {
        var feeds: [FeedConfig] = []
        var firstIDs: [String: Node] = [:]
        var isComplete = true
        for (index, item) in items.enumerated() {
            let keyPath = "feeds[\(index)]"
            guard let fields = reader.mapping(item, keyPath, allowed: ConfigParser.feedKeys, what: "a feed {id, url}")
            else {
                isComplete = false
                continue
            }
            var id: String?
            if let node = fields["id"] {
                id = reader.uniqueIdentifier(node, fields.path("id"), what: "feed id", firstIDs: &firstIDs)
            } else {
                reader.report(item, fields.path("id"), "missing required key 'id'")
            }
            var url: String?
            if let node = fields["url"] {
                url = feedURL(node, fields.path("url"))
            } else {
                reader.report(item, fields.path("url"), "missing required key 'url'")
            }
            var isValid = true
            var interval: Duration?
            if let node = fields.value("interval") {
                interval = reader.duration(node, fields.path("interval"), in: .seconds(1)...(.seconds(Int64.max / 2)))
                isValid = isValid && interval != nil
            }
            var language: String?
            if let node = fields.value("lang") {
                language = self.language(node, fields.path("lang"))
                isValid = isValid && language != nil
            }
            guard let id, let url, isValid else {
                isComplete = false
                continue
            }
            feeds.append(FeedConfig(id: id, url: url, interval: interval, language: language))
        }
        return isComplete ? feeds : nil
    }

    private func language(_ node: Node, _ keyPath: String) -> String? {
        guard let code = reader.text(node, keyPath, what: ConfigParser.languageExpectation) else { return nil }
        guard ConfigParser.isLanguageCode(code) else {
            reader.report(node, keyPath, "expected \(ConfigParser.languageExpectation), got '\(code)'")
            return nil
        }
        return code
    }

    /// An `http(s)://` URL with a host, or a `file:` URL of an existing file, returned as `file:///abs/path`.
    private func feedURL(_ node: Node, _ keyPath: String) -> String? {
        guard let raw = reader.text(node, keyPath, what: "an http://, https:// or file:// URL") else { return nil }
        let lower = raw.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard !raw.contains(where: \.isWhitespace), let components = URLComponents(string: raw),
                let host = components.host, !host.isEmpty
            else {
                reader.report(node, keyPath, "'\(raw)' is not a valid URL (no host, or spaces not percent-encoded)")
                return nil
            }
            return raw
        }
        if lower.hasPrefix("file:") {
            return localFileURL(raw, node, keyPath)
        }
        if let schemeEnd = raw.range(of: "://") {
            let scheme = raw[..<schemeEnd.lowerBound]
            reader.report(node, keyPath, "unsupported URL scheme '\(scheme)'; use http://, https:// or file://")
        } else {
            reader.report(
                node,
                keyPath,
                "expected an http://, https:// or file:// URL, got '\(raw)'; for a local file write 'file:\(raw)'"
            )
        }
        return nil
    }

    /// `file:///abs`, `file://localhost/abs`, `file:/abs` are absolute; `file://rel/x.xml`, `file:rel/x.xml`
    /// resolve against `folder`. Percent-escapes are decoded.
    private func localFileURL(_ raw: String, _ node: Node, _ keyPath: String) -> String? {
        var rest = Substring(raw.dropFirst("file:".count))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            if rest.lowercased().hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        }
        guard let written = String(rest).removingPercentEncoding, !written.isEmpty else {
            reader.report(node, keyPath, "'\(raw)' has no file path (or a malformed %-escape)")
            return nil
        }
        let path = ConfigPaths.join(folder, written)
        switch ConfigPaths.kind(of: path) {
        case .missing:
            reader.report(node, keyPath, "local feed file '\(reader.displayPath(written))' does not exist")
            return nil
        case .directory:
            reader.report(node, keyPath, "local feed file '\(reader.displayPath(written))' is a folder")
            return nil
        case .file:
            return URL(fileURLWithPath: path, isDirectory: false).absoluteString
        }
    }
}
