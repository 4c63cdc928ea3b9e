import ParoleWatchCore

/// `feed-xml` and `feed-json`: any bytes → a `ParsedFeed` or a `FeedParseError`, never a crash.
enum FeedTargets {
    static func xml(_ bytes: [UInt8]?) -> Int32 {
        guard let bytes, !startsWithJSON(bytes) else { return -1 }
        parse(bytes)
        return 0
    }

    static func json(_ bytes: [UInt8]?) -> Int32 {
        guard let bytes, startsWithJSON(bytes) else { return -1 }
        parse(bytes)
        return 0
    }

    /// The parser picks JSON by the first non-blank byte; each target keeps to its half of the input space.
    private static func startsWithJSON(_ bytes: [UInt8]) -> Bool {
        let first = bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    private static func parse(_ bytes: [UInt8]) {
        do {
            let feed = try FeedDocumentParser.parse(bytes, contentType: nil, documentURL: nil)
            check(feed.entries.count <= FeedDocumentParser.maximumEntries, "\(feed.entries.count) entries")
            // Every string must survive a UTF-8 round trip (a broken String would differ or trip the sanitizer).
            for entry in feed.entries {
                for text in [entry.id, entry.link, entry.title, entry.author, entry.text] {
                    guard let text else { continue }
                    check(String(decoding: Array(text.utf8), as: UTF8.self) == text, "entry text does not round-trip")
                }
            }
            for text in [feed.title, feed.link].compactMap({ $0 }) + feed.warnings {
                check(String(decoding: Array(text.utf8), as: UTF8.self) == text, "feed text does not round-trip")
            }
        } catch {
            check(error.line.map { $0 >= 1 } ?? true, "error line \(String(describing: error.line)) < 1: \(error)")
            check(!error.reason.isEmpty, "empty error reason")
        }
    }
}
