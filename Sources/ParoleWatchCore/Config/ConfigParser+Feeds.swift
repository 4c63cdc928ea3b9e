import Foundation
import Yams

extension ConfigParser {
    static let feedKeys = ["id", "url", "interval", "lang"]

    /// `feeds:` is either the path of a feed-list file (read and checked against its own name and lines) or an
    /// inline list, whose relative `file:` URLs resolve against the config file's folder.
    func readFeeds(_ fields: MappingFields) -> (feeds: [FeedConfig], listURL: URL?)? {
        guard let node = fields["feeds"] else {
            reader.report(
                fields.node,
                "feeds",
                "missing required key 'feeds'; give the path of a feed-list file or a list of feeds"
            )
            return nil
        }
        switch node {
        case .sequence(let items):
            return FeedListParser(reader: reader, folder: folder).feeds(Array(items)).map { ($0, nil) }
        case .scalar where !node.isYAMLNull:
            guard let written = reader.text(node, "feeds", what: "the path of a feed-list file") else { return nil }
            let path = ConfigPaths.join(folder, written)
            let displayPath = reader.displayPath(written)
            let reference = YAMLDocument.Reference(file: reader.file, mark: node.mark, keyPath: "feeds")
            guard
                let document = YAMLDocument.load(
                    path: path,
                    displayPath: displayPath,
                    what: "feed-list file",
                    reference: reference,
                    log: log
                )
            else { return nil }
            let parser = FeedListParser(
                reader: NodeReader(document: document, log: log),
                folder: ConfigPaths.folder(of: path)
            )
            return parser.feedList().map { ($0, URL(fileURLWithPath: path, isDirectory: false)) }
        default:
            reader.report(
                node,
                "feeds",
                "expected the path of a feed-list file or a list of feeds, got \(node.problemDescription)"
            )
            return nil
        }
    }
}
