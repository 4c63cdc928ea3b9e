extension DigestBuilder {
    /// Telegram's limit for a message text, in characters after entity parsing; we count the HTML source,
    /// which is never shorter.
    public static let telegramTextLimit = 4096
    static let telegramTitleLimit = 300
    static let telegramExcerptLimit = 800
    static let telegramFactsLimit = 300
    /// Longer links are not linked rather than cut.
    static let telegramLinkLimit = 1500
    /// Room kept for the headline at the top of each message.
    static let telegramHeadlineReserve = 100

    /// Telegram `sendMessage` bodies with `parse_mode: HTML`, one text per part.
    func telegramParts(for alerts: [DigestAlert]) -> [DigestPart] {
        let entries = alerts.map(Self.telegramEntry)
        let separator = "\n\n"
        let groups = DigestPacker.groups(
            costs: entries.map { $0.utf16.count + separator.utf16.count },
            maxItems: Int.max,
            maxCost: Self.telegramTextLimit - Self.telegramHeadlineReserve
        )
        return groups.enumerated().map { part, range in
            let headline = "<b>ParoleWatch</b>: "
                + DigestText.truncated(
                    Self.headline(alerts: range.count, part: part, of: groups.count),
                    limit: Self.telegramHeadlineReserve - 40
                )
            let text = ([headline] + entries[range]).joined(separator: separator)
            return DigestPart(body: Array(telegramBody(text).utf8), alertIDs: alerts[range].map(\.id))
        }
    }

    /// `{"chat_id": …, "text": text, "parse_mode": "HTML", "disable_web_page_preview": true}`; a numeric chat id
    /// is sent as a number, `@channel` as a string.
    func telegramBody(_ text: String) -> String {
        let chat = telegramChatID ?? ""
        let digits = chat.hasPrefix("-") ? chat.dropFirst() : Substring(chat)
        // Sent bare only when it is a valid JSON integer: no sign but `-`, no leading zeros.
        let isNumeric = Int64(chat) != nil && digits.allSatisfy { $0.isASCII && $0.isNumber }
            && (digits == "0" || digits.first != "0")
        return JSONText.object([
            ("chat_id", isNumeric ? chat : JSONText.string(chat)),
            ("text", JSONText.string(text)),
            ("parse_mode", JSONText.string("HTML")),
            ("disable_web_page_preview", "true"),
        ])
    }

    /// `<b><a href="link">title</a></b>`, the excerpt, then `<i>score · rules · feed</i>`, HTML-escaped.
    static func telegramEntry(_ alert: DigestAlert) -> String {
        let title = DigestText.truncated(
            DigestText.oneLine(alert.title.isEmpty ? "(untitled)" : alert.title),
            limit: telegramTitleLimit,
            escape: DigestText.escapeAngleBrackets
        )
        var entry: String
        let href = alert.link.map(DigestText.escapeHTMLAttribute).joined()
        if DigestText.isWebLink(alert.link), href.utf16.count <= telegramLinkLimit {
            entry = "<b><a href=\"\(href)\">\(title)</a></b>"
        } else {
            entry = "<b>\(title)</b>"
        }
        let excerpt = DigestText.truncated(
            DigestText.oneLine(alert.excerpt),
            limit: telegramExcerptLimit,
            escape: DigestText.escapeAngleBrackets
        )
        if !excerpt.isEmpty {
            entry += "\n" + excerpt
        }
        let facts = DigestText.truncated(facts(of: alert), limit: telegramFactsLimit, escape: DigestText.escapeAngleBrackets)
        return entry + "\n<i>" + facts + "</i>"
    }
}
