import Foundation

/// Builds the HTTP bodies one subscriber receives: digests of alerts and the `webhook test` message, in the
/// subscriber's ``WebhookFormat``.
///
/// A digest is split into as many ``DigestPart``s as its format's message limits need; each alert lands in exactly
/// one part, in order, and an alert too large for a message is shortened (excerpt first, then title), never
/// dropped. Limits per format:
///
/// | format | per part | per alert |
/// |---|---|---|
/// | `json` | ≤ 100 alerts and ≤ 256 KiB body | title 1000, excerpt 2000 characters |
/// | `slack` | ≤ 50 blocks (header, 48 alert sections, context) | section text ≤ 3000 characters |
/// | `discord` | ≤ 10 embeds, ≤ 6000 characters of embed text | title ≤ 256, description ≤ 1000 characters |
/// | `telegram` | one `sendMessage` text ≤ 4096 characters | title 300, excerpt 800 characters |
///
/// Characters are counted as UTF-16 code units (what the chat services count), and texts are cut between
/// grapheme clusters. Pure and synchronous, so any task may call it; linear in the size of the alerts.
public struct DigestBuilder: Sendable {
    /// The subscriber's `id`, written into every body.
    public let subscriberID: String
    /// The body format.
    public let format: WebhookFormat
    /// For `telegram`: the `chat_id` taken from the subscriber URL's query.
    public let telegramChatID: String?

    /// A builder for `subscriber`; see ``init(subscriberID:format:url:)``.
    public init(subscriber: SubscriberConfig) throws(DigestBuildError) {
        try self.init(subscriberID: subscriber.id, format: subscriber.format, url: subscriber.url)
    }

    /// A builder for one subscriber.
    ///
    /// A `telegram` subscriber names its chat in the URL query, as the Bot API accepts it there too:
    /// `https://api.telegram.org/bot<token>/sendMessage?chat_id=-1001234567890` (or `chat_id=@channel`). The config
    /// has no separate chat key; without `chat_id` this throws. Other formats ignore the URL.
    public init(subscriberID: String, format: WebhookFormat, url: String) throws(DigestBuildError) {
        self.subscriberID = subscriberID
        self.format = format
        if format == .telegram {
            guard let chat = Self.chatID(in: url) else {
                throw DigestBuildError(
                    subscriberID: subscriberID,
                    reason: "a telegram subscriber's url must name the chat in its query, as in "
                        + "https://api.telegram.org/bot<token>/sendMessage?chat_id=-1001234567890"
                )
            }
            telegramChatID = chat
        } else {
            telegramChatID = nil
        }
    }

    /// The bodies that deliver `alerts` (in order) at `timestamp`; empty when `alerts` is.
    public func parts(for alerts: [DigestAlert], at timestamp: Date) -> [DigestPart] {
        guard !alerts.isEmpty else { return [] }
        switch format {
        case .json: return jsonParts(for: alerts, at: timestamp)
        case .slack: return slackParts(for: alerts)
        case .discord: return discordParts(for: alerts)
        case .telegram: return telegramParts(for: alerts)
        }
    }

    /// The body `parolewatch webhook test` sends: `type: parolewatch.test` for `json`, a short notice for chats.
    public func testMessage(at timestamp: Date) -> DigestPart {
        let sentence = "ParoleWatch test delivery for subscriber '\(subscriberID)' at \(RFC3339.string(timestamp)): "
            + "this endpoint will receive alert digests."
        let body: String
        switch format {
        case .json:
            body = JSONText.object([
                ("type", JSONText.string("parolewatch.test")),
                ("timestamp", JSONText.string(RFC3339.string(timestamp))),
                ("data", JSONText.object([
                    ("subscriber", JSONText.string(subscriberID)),
                    ("message", JSONText.string(sentence)),
                ])),
            ])
        case .slack:
            let text = DigestText.truncated(sentence, limit: 3000, escape: DigestText.escapeAngleBrackets)
            body = JSONText.object([
                ("text", JSONText.string(text)),
                ("blocks", JSONText.array([
                    JSONText.object([
                        ("type", JSONText.string("section")),
                        ("text", Self.slackText(text, type: "mrkdwn")),
                    ])
                ])),
            ])
        case .discord:
            body = JSONText.object([
                ("content", JSONText.string(DigestText.truncated(sentence, limit: 2000))),
                ("allowed_mentions", Self.noMentions),
            ])
        case .telegram:
            body = telegramBody(DigestText.truncated(sentence, limit: 4096, escape: DigestText.escapeAngleBrackets))
        }
        return DigestPart(body: Array(body.utf8), alertIDs: [])
    }

    /// The `chat_id` query value of `url`, or nil when absent or empty.
    static func chatID(in url: String) -> String? {
        guard let components = URLComponents(string: url) else { return nil }
        let value = components.queryItems?.last { $0.name == "chat_id" }?.value
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// `"N alert(s)"`, plus `(part i of n)` when the digest is split.
    static func headline(alerts: Int, part: Int, of parts: Int) -> String {
        let count = alerts == 1 ? "1 alert" : "\(alerts) alerts"
        return parts > 1 ? "\(count) (part \(part + 1) of \(parts))" : count
    }

    /// `score 7.5 · RULE_A, RULE_B · feed ID`, plain text, for chat formats.
    static func facts(of alert: DigestAlert) -> String {
        let rules = alert.rules.isEmpty ? "" : " · " + alert.rules.joined(separator: ", ")
        return "score \(DigestText.score(alert.score))\(rules) · feed \(alert.feedID)"
    }

    /// Discord: never ping anyone, whatever a post says.
    static let noMentions = JSONText.object([("parse", JSONText.array([]))])
}
