extension DigestBuilder {
    /// Slack allows 50 blocks per message: one header, one context, and this many alert sections.
    public static let slackMaxAlertsPerPart = 48
    /// Slack's limit for a section's text, in characters.
    public static let slackSectionTextLimit = 3000
    /// Slack's limit for a header block's text, in characters.
    static let slackHeaderLimit = 150
    static let slackTitleLimit = 250
    static let slackExcerptLimit = 600
    static let slackFactsLimit = 500
    /// Links longer than this are not linked (a cut link is a broken one); the title shows without one.
    static let slackLinkLimit = 1500

    /// Slack Block Kit messages: `{"text": fallback, "blocks": [header, section per alert, context]}`.
    func slackParts(for alerts: [DigestAlert]) -> [DigestPart] {
        let sections = alerts.map(Self.slackSection)
        let groups = DigestPacker.groups(
            costs: sections.map { _ in 1 },
            maxItems: Self.slackMaxAlertsPerPart,
            maxCost: Self.slackMaxAlertsPerPart
        )
        return groups.enumerated().map { part, range in
            let headline = "ParoleWatch: " + Self.headline(alerts: range.count, part: part, of: groups.count)
            let header = JSONText.object([
                ("type", JSONText.string("header")),
                ("text", Self.slackText(DigestText.truncated(headline, limit: Self.slackHeaderLimit), type: "plain_text")),
            ])
            let context = JSONText.object([
                ("type", JSONText.string("context")),
                (
                    "elements",
                    JSONText.array([
                        Self.slackText(
                            DigestText.truncated(
                                "Subscriber \(subscriberID) · sent by ParoleWatch",
                                limit: Self.slackSectionTextLimit,
                                escape: DigestText.escapeAngleBrackets
                            ),
                            type: "mrkdwn"
                        )
                    ])
                ),
            ])
            let fallback = DigestText.truncated(headline, limit: 3000, escape: DigestText.escapeAngleBrackets)
            let body = JSONText.object([
                ("text", JSONText.string(fallback)),
                ("blocks", JSONText.array([header] + sections[range] + [context])),
            ])
            return DigestPart(body: Array(body.utf8), alertIDs: alerts[range].map(\.id))
        }
    }

    /// A text object: `{"type": type, "text": text}`; `text` is already escaped for mrkdwn.
    static func slackText(_ text: String, type: String) -> String {
        var members = [("type", JSONText.string(type)), ("text", JSONText.string(text))]
        if type == "plain_text" {
            members.append(("emoji", "true"))
        }
        return JSONText.object(members)
    }

    /// `*<link|title>*`, the excerpt, then `_score · rules · feed_`, within ``slackSectionTextLimit``.
    static func slackSection(_ alert: DigestAlert) -> String {
        let title = DigestText.truncated(
            DigestText.oneLine(alert.title.isEmpty ? "(untitled)" : alert.title),
            limit: slackTitleLimit,
            escape: slackLinkLabelEscape
        )
        let heading: String
        let target = alert.link.map(slackURLEscape).joined()
        if DigestText.isWebLink(alert.link), target.utf16.count <= slackLinkLimit {
            heading = "*<" + target + "|" + title + ">*"
        } else {
            heading = "*" + title + "*"
        }
        let facts = "_" + DigestText.truncated(
            facts(of: alert),
            limit: slackFactsLimit,
            escape: DigestText.escapeAngleBrackets
        ) + "_"
        let room = slackSectionTextLimit - heading.utf16.count - facts.utf16.count - 2
        let excerpt = DigestText.truncated(
            DigestText.oneLine(alert.excerpt),
            limit: min(slackExcerptLimit, room),
            escape: DigestText.escapeAngleBrackets
        )
        let text = excerpt.isEmpty ? heading + "\n" + facts : heading + "\n" + excerpt + "\n" + facts
        return JSONText.object([
            ("type", JSONText.string("section")),
            ("text", slackText(text, type: "mrkdwn")),
        ])
    }

    /// In a link label `|` and `>` would end the label; Slack has no escape for `|`, so it becomes `¦`.
    private static func slackLinkLabelEscape(_ character: Character) -> String {
        character == "|" ? "¦" : DigestText.escapeAngleBrackets(character)
    }

    /// In a link target: `& < >` escaped as Slack asks, `|` percent-encoded so it cannot start the label.
    private static func slackURLEscape(_ character: Character) -> String {
        character == "|" ? "%7C" : DigestText.escapeAngleBrackets(character)
    }
}
