/// Text helpers shared by the digest formats: escaping and length-bounded truncation.
///
/// Lengths are counted in UTF-16 code units, which is what Slack, Discord and Telegram count (JavaScript-style
/// string lengths); it is never less than the number of Unicode scalars, so a text that fits in UTF-16 units fits
/// by any character count. Truncation cuts between grapheme clusters, so it never splits a UTF-8 sequence, an
/// emoji or a letter from its accent.
enum DigestText {
    /// Appended to a shortened text.
    static let ellipsis: Character = "…"

    /// `text` made fit in `limit` UTF-16 units once `escape`d: whole if it fits, else as many leading characters as
    /// fit followed by `…`. Returns the escaped text. Linear in the length of the result.
    static func truncated(_ text: some StringProtocol, limit: Int, escape: (Character) -> String = { String($0) })
        -> String
    {
        guard limit > 0 else { return "" }
        var result = ""
        var length = 0
        // UTF-8 length of `result` at the last character boundary where `…` still fits after it.
        var cut = 0
        let ellipsisLength = ellipsis.utf16.count
        for character in text {
            let piece = escape(character)
            let pieceLength = piece.utf16.count
            if length + pieceLength > limit {
                var shortened = String(decoding: result.utf8.prefix(cut), as: UTF8.self)
                if ellipsisLength <= limit { shortened.append(ellipsis) }
                return shortened
            }
            result += piece
            length += pieceLength
            if length + ellipsisLength <= limit {
                cut = result.utf8.count
            }
        }
        return result
    }

    /// `text` with whitespace runs (newlines included) collapsed to one space and the ends trimmed: excerpts read
    /// as one paragraph in every chat client.
    static func oneLine(_ text: some StringProtocol) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// `& < >` as `&amp; &lt; &gt;`: what both Slack mrkdwn and Telegram HTML require of text.
    static func escapeAngleBrackets(_ character: Character) -> String {
        switch character {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        default: return String(character)
        }
    }

    /// ``escapeAngleBrackets(_:)`` plus `"`, for an HTML attribute value.
    static func escapeHTMLAttribute(_ character: Character) -> String {
        character == "\"" ? "&quot;" : escapeAngleBrackets(character)
    }

    /// Whether `link` is an absolute `http`/`https` URL without whitespace or control characters, so chat clients
    /// can show it as a link.
    static func isWebLink(_ link: String) -> Bool {
        let lower = link.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        return !link.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// The score as digests print it: at most two decimals, no trailing zeros (`7.5`, `12`, `0.33`).
    static func score(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        return String(rounded)
    }
}
