import Foundation

/// Loads and validates the daemon configuration and feed lists from YAML files.
///
/// Loading walks the YAML node tree itself (rather than `Codable`), so that every problem carries the file,
/// line, column and key path, and reports all problems at once in one `ConfigError`, ordered by file, line and
/// column. Synchronous file I/O: call it at startup, on reload, or from `check-config`.
///
/// Paths: relative `state_dir`, `model`, `feeds`, `alerts.spool` and `secret_file` resolve against the config
/// file's folder; relative `file:` feed URLs resolve against the feed-list file's folder (the config's folder for
/// an inline list). Problem lines name files the way the caller did: pass `URL(fileURLWithPath: "broken.yaml")`
/// and problems read `broken.yaml:3:5: poll.timeout: …`. A file that cannot be read is reported at 1:1 of
/// itself, or at the key that named it (`feeds:` for a missing feed-list file).
public enum ConfigLoader {
    /// Reads, checks and returns the configuration at `url`, or throws every problem found.
    public static func load(from url: URL) throws(ConfigError) -> Config {
        let log = ProblemLog()
        let (path, displayPath) = paths(of: url)
        guard
            let document = YAMLDocument.load(
                path: path,
                displayPath: displayPath,
                what: "config file",
                reference: nil,
                log: log
            )
        else { throw ConfigError(problems: log.sorted()) }
        let parser = ConfigParser(
            reader: NodeReader(document: document, log: log),
            folder: PathResolver.folder(of: path)
        )
        let config = parser.parse(fileURL: URL(fileURLWithPath: path, isDirectory: false))
        guard log.isEmpty, let config else {
            if log.isEmpty {  // Not expected: every nil result reports why. Keep the caller from a silent failure.
                log.report(file: displayPath, at: nil, keyPath: "", "the configuration is not valid")
            }
            throw ConfigError(problems: log.sorted())
        }
        return config
    }

    /// `./config/parolewatch.yaml` (relative to `currentDirectory`) if it exists, else
    /// `/etc/parolewatch/parolewatch.yaml`. The first is returned relative, so problems read `config/parolewatch.yaml:…`.
    public static func defaultConfigURL(currentDirectory: URL) -> URL {
        // A base URL without a trailing slash would make "config/…" replace its last component.
        let base = URL(fileURLWithPath: currentDirectory.path, isDirectory: true)
        let local = URL(fileURLWithPath: "config/parolewatch.yaml", relativeTo: base)
        if PathResolver.kind(of: local.path) == .file {
            return local
        }
        return URL(fileURLWithPath: "/etc/parolewatch/parolewatch.yaml", isDirectory: false)
    }

    /// Reads and checks a feed-list file on its own (`feeds: [{id, url, interval?, lang?}]` or a bare list).
    public static func loadFeedList(from url: URL) throws(ConfigError) -> [FeedConfig] {
        let log = ProblemLog()
        let (path, displayPath) = paths(of: url)
        guard
            let document = YAMLDocument.load(
                path: path,
                displayPath: displayPath,
                what: "feed-list file",
                reference: nil,
                log: log
            )
        else { throw ConfigError(problems: log.sorted()) }
        let parser = FeedListParser(
            reader: NodeReader(document: document, log: log),
            folder: PathResolver.folder(of: path)
        )
        let feeds = parser.feedList()
        guard log.isEmpty, let feeds else {
            if log.isEmpty {
                log.report(file: displayPath, at: nil, keyPath: "", "the feed list is not valid")
            }
            throw ConfigError(problems: log.sorted())
        }
        return feeds
    }

    /// The absolute, normalized path of `url`, and the path as the caller gave it, for messages.
    static func paths(of url: URL) -> (path: String, displayPath: String) {
        let absolute = PathResolver.normalize(url.path)
        let display = url.relativePath.isEmpty ? absolute : url.relativePath
        return (absolute, display)
    }
}
