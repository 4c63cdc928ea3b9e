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
///
/// Choices made where the contract leaves room (keep the README's Configuration section in step):
/// - `state_dir` defaults to `var` beside the config file; `alerts.spool` to `<state_dir>/alerts`. Folders may be
///   missing (the daemon creates them) but must not be files. `model` is optional; when given, the file must exist.
/// - `feeds` is required: a feed-list file path, or an inline list (`feeds: []` for none). A feed-list file is
///   `feeds: [...]` or a bare top-level list. Feed and subscriber ids: 1–64 of `A–Z a–z 0–9 . _ -`, unique.
///   Feed URLs: `http://`, `https://` (with a host), or `file:` of an existing file — `file:///abs`,
///   `file://localhost/abs`, `file:/abs`, or relative `file://dir/a.xml` / `file:dir/a.xml`; `%20` escapes decoded.
/// - Durations and sizes: see `DurationParser`, `ByteSizeParser`. `poll.jitter` is a fraction 0–0.5 (default 0.1);
///   a feed's `interval` (at least 1s) overrides `poll.interval`.
/// - Subscribers: `format` defaults to `json`, `schedule` to `immediate` (see `DeliverySchedule`); exactly one of
///   `secret` (`whsec_` + non-empty base64), `secret_file` (must exist, be readable and hold such a secret) or
///   `secret_credential` (a systemd credential name; its file is only read at run time, see `SecretSource`).
///   Webhook URLs must be `http(s)://` with a host; they are never quoted in problems (they may embed tokens),
///   nor is secret text. `min_score` is any finite number; `languages` a non-empty list.
/// - Language codes (`lang`, `languages`): `mixed`, or any 2–3 lowercase ASCII letters (ISO 639-1/-3: es, en, ht,
///   fr, hat), so new languages need no code change.
/// - YAML conveniences: merge keys (`<<: *defaults`) work in any mapping; top-level keys starting with `x-` are
///   ignored, to hold anchors. An empty value (`poll:`) counts as absent. Repeated keys are errors.
public enum ConfigLoader {
    /// Reads, checks and returns the configuration at `url`, or throws every problem found.
    public static func load(from url: URL) throws(ConfigError) -> Config {
        try parseFile(at: url, what: "config file", invalid: "the configuration is not valid") { reader, folder, path in
            ConfigParser(reader: reader, folder: folder).parse(fileURL: URL(fileURLWithPath: path, isDirectory: false))
        }
    }

    /// `./config/parolewatch.yaml` (relative to `currentDirectory`) if it exists, else
    /// `/etc/parolewatch/parolewatch.yaml`. The first is returned relative, so problems read `config/parolewatch.yaml:…`.
    public static func defaultConfigURL(currentDirectory: URL) -> URL {
        // A base URL without a trailing slash would make "config/…" replace its last component.
        let base = URL(fileURLWithPath: currentDirectory.path, isDirectory: true)
        let local = URL(fileURLWithPath: "config/parolewatch.yaml", relativeTo: base)
        if ConfigPaths.kind(of: local.path) == .file {
            return local
        }
        return URL(fileURLWithPath: "/etc/parolewatch/parolewatch.yaml", isDirectory: false)
    }

    /// Reads and checks a feed-list file on its own (`feeds: [{id, url, interval?, lang?}]` or a bare list).
    public static func loadFeedList(from url: URL) throws(ConfigError) -> [FeedConfig] {
        try parseFile(at: url, what: "feed-list file", invalid: "the feed list is not valid") { reader, folder, _ in
            FeedListParser(reader: reader, folder: folder).feedList()
        }
    }

    /// Reads the YAML file at `url` (`what` names it in problems) and runs `parse` on it with a reader, the file's
    /// folder and its absolute path. Throws every problem logged; `invalid` when `parse` failed without saying why.
    private static func parseFile<Value>(
        at url: URL,
        what: String,
        invalid: String,
        _ parse: (NodeReader, _ folder: String, _ path: String) -> Value?
    ) throws(ConfigError) -> Value {
        let log = ProblemLog()
        let (path, displayPath) = paths(of: url)
        guard
            let document = YAMLDocument.load(path: path, displayPath: displayPath, what: what, reference: nil, log: log)
        else { throw ConfigError(problems: log.sorted()) }
        let value = parse(NodeReader(document: document, log: log), ConfigPaths.folder(of: path), path)
        guard log.isEmpty, let value else {
            if log.isEmpty {  // Not expected: every nil result reports why. Keep the caller from a silent failure.
                log.report(file: displayPath, at: nil, keyPath: "", invalid)
            }
            throw ConfigError(problems: log.sorted())
        }
        return value
    }

    /// The absolute, normalized path of `url`, and the path as the caller gave it, for messages.
    static func paths(of url: URL) -> (path: String, displayPath: String) {
        guard url.isFileURL else {  // Only local files: report it as missing under the name the caller gave.
            return ("", url.absoluteString)
        }
        let absolute = ConfigPaths.normalize(url.path)
        let display = url.relativePath.isEmpty ? absolute : url.relativePath
        return (absolute, display)
    }
}
