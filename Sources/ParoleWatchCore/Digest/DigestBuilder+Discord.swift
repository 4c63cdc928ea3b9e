extension DigestBuilder {
    /// Discord allows 10 embeds per message.
    public static let discordMaxEmbedsPerPart = 10
    /// Discord's limit for the summed title, description and footer texts of a message's embeds.
    public static let discordMaxEmbedText = 6000
    /// Discord's limit for an embed title.
    public static let discordTitleLimit = 256
    /// Our limit for an embed description (Discord allows 4096), so several alerts share a message.
    static let discordDescriptionLimit = 1000
    static let discordFooterLimit = 300
    static let discordContentLimit = 2000
    /// Longer links are left out of the embed rather than cut.
    static let discordLinkLimit = 2048

    /// Discord webhook messages: `{"content": headline, "embeds": [one per alert], "allowed_mentions": none}`.
    func discordParts(for alerts: [DigestAlert]) -> [DigestPart] {
        let embeds = alerts.map(Self.discordEmbed)
        let groups = DigestPacker.groups(
            costs: embeds.map(\.textLength),
            maxItems: Self.discordMaxEmbedsPerPart,
            maxCost: Self.discordMaxEmbedText
        )
        return groups.enumerated().map { part, range in
            let content = "**ParoleWatch**: " + Self.headline(alerts: range.count, part: part, of: groups.count)
            let body = JSONText.object([
                ("content", JSONText.string(DigestText.truncated(content, limit: Self.discordContentLimit))),
                ("embeds", JSONText.array(embeds[range].map(\.json))),
                ("allowed_mentions", Self.noMentions),
            ])
            return DigestPart(body: Array(body.utf8), alertIDs: alerts[range].map(\.id))
        }
    }

    /// One embed and the length Discord counts against ``discordMaxEmbedText``.
    static func discordEmbed(_ alert: DigestAlert) -> (json: String, textLength: Int) {
        let title = DigestText.truncated(
            DigestText.oneLine(alert.title.isEmpty ? "(untitled)" : alert.title),
            limit: discordTitleLimit
        )
        let description = DigestText.truncated(DigestText.oneLine(alert.excerpt), limit: discordDescriptionLimit)
        let footer = DigestText.truncated(facts(of: alert), limit: discordFooterLimit)
        var members: [(String, String)] = [("title", JSONText.string(title))]
        if DigestText.isWebLink(alert.link), alert.link.utf16.count <= discordLinkLimit {
            members.append(("url", JSONText.string(alert.link)))
        }
        if !description.isEmpty {
            members.append(("description", JSONText.string(description)))
        }
        members.append(("footer", JSONText.object([("text", JSONText.string(footer))])))
        let length = title.utf16.count + description.utf16.count + footer.utf16.count
        return (JSONText.object(members), length)
    }
}
