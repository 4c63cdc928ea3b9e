import Crypto
import Foundation

/// How an entry is recognised across polls, and how an edit is noticed.
///
/// The key is the feed's own id for the entry when it has one (`guid:`), else its link (`link:`),
/// else a hash of title and text (`hash:`); keys are scoped to one feed. The content hash covers
/// what a reader sees (title, link, text), so a changed body under the same key is an edit.
public struct EntryIdentity: Sendable, Equatable {
    public var key: String
    public var contentHash: String

    public init(_ entry: FeedEntry) {
        let titleAndText = (entry.title ?? "") + "\u{1F}" + entry.text
        if let id = entry.id?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty {
            key = "guid:" + id
        } else if let link = entry.link?.trimmingCharacters(in: .whitespacesAndNewlines), !link.isEmpty {
            key = "link:" + link
        } else {
            key = "hash:" + Self.sha256Hex(titleAndText)
        }
        contentHash = Self.sha256Hex(titleAndText + "\u{1F}" + (entry.link ?? ""))
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
