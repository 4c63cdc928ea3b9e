import Foundation
import ParoleWatchCore
import Testing

/// Alerts for digest tests.
enum DigestSamples {
    static let timestamp = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z

    static func alert(_ index: Int, title: String? = nil, excerpt: String? = nil, link: String? = nil, rules: [String]? = nil)
        -> DigestAlert
    {
        DigestAlert(
            id: "a\(index)",
            score: 7.5 + Double(index % 3),
            feedID: "uscis-news",
            postID: "post-\(index)",
            link: link ?? "https://example.org/news/\(index)?utm=x&y=<z>",
            title: title ?? "CHNV parole reopens? Post #\(index) & <more>",
            excerpt: excerpt
                ?? "Claims that the program reopens next week with a fee of $500 <script>alert(1)</script> & a form. "
                + String(repeating: "Details follow. ", count: 20),
            rules: rules ?? ["CHNV_REOPENING", "PAY_FEE"],
            lang: index % 2 == 0 ? "en" : "es"
        )
    }

    static func alerts(_ count: Int) -> [DigestAlert] {
        (0..<count).map { alert($0) }
    }

    /// Alerts with every text field far past every limit.
    static func huge(_ count: Int) -> [DigestAlert] {
        (0..<count).map {
            alert(
                $0,
                title: String(repeating: "Título enorme 😀 & <b> ", count: 2000),
                excerpt: String(repeating: "e\u{301}xcerpt “quoted” \u{0}\n\t & <i>", count: 20_000),
                link: "https://example.org/" + String(repeating: "p", count: 100_000),
                rules: (0..<500).map { "RULE_\($0)_" + String(repeating: "X", count: 300) }
            )
        }
    }
}

@Suite("DigestBuilder splits digests within each format's limits")
struct DigestBuilderTests {
    static let counts = [1, 9, 10, 11, 49, 101, 200]

    func builder(_ format: WebhookFormat) throws -> DigestBuilder {
        try DigestBuilder(
            subscriberID: "miami-group",
            format: format,
            url: "https://api.telegram.org/bot123:SECRET/sendMessage?chat_id=-1001234567890"
        )
    }

    @Test("every alert is in exactly one part, in order, within the limits", arguments: WebhookFormat.allCases, counts)
    func splitsWithinLimits(format: WebhookFormat, count: Int) throws {
        let alerts = DigestSamples.alerts(count)
        let parts = try builder(format).parts(for: alerts, at: DigestSamples.timestamp)
        #expect(parts.flatMap(\.alertIDs) == alerts.map(\.id))
        #expect(parts.allSatisfy { !$0.alertIDs.isEmpty })
        for part in parts {
            try DigestLimits.check(part, format: format)
        }
    }

    @Test("alerts with huge titles, excerpts, links and rule lists are shortened, never dropped",
          arguments: WebhookFormat.allCases, [1, 11, 120])
    func hugeAlerts(format: WebhookFormat, count: Int) throws {
        let alerts = DigestSamples.huge(count)
        let parts = try builder(format).parts(for: alerts, at: DigestSamples.timestamp)
        #expect(parts.flatMap(\.alertIDs) == alerts.map(\.id))
        for part in parts {
            try DigestLimits.check(part, format: format)
        }
    }

    @Test("parts are as few as the limits allow for ordinary alerts")
    func partCounts() throws {
        let alerts = DigestSamples.alerts(200)
        #expect(try builder(.json).parts(for: alerts, at: DigestSamples.timestamp).count == 2)
        #expect(try builder(.slack).parts(for: alerts, at: DigestSamples.timestamp).count == 5)
        #expect(try builder(.discord).parts(for: alerts, at: DigestSamples.timestamp).count == 20)
        #expect(try builder(.json).parts(for: DigestSamples.alerts(100), at: DigestSamples.timestamp).count == 1)
        #expect(try builder(.json).parts(for: DigestSamples.alerts(101), at: DigestSamples.timestamp).map(\.alertIDs.count) == [100, 1])
    }

    @Test("no alerts, no parts", arguments: WebhookFormat.allCases)
    func empty(format: WebhookFormat) throws {
        #expect(try builder(format).parts(for: [], at: DigestSamples.timestamp).isEmpty)
    }

    @Test("the json body follows the contract in INTERFACE.md")
    func jsonContract() throws {
        let alert = DigestSamples.alert(0)
        let part = try #require(try builder(.json).parts(for: [alert], at: DigestSamples.timestamp).first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        #expect(object["type"] as? String == "parolewatch.digest")
        #expect(object["timestamp"] as? String == "2026-12-01T00:00:00Z")
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["subscriber"] as? String == "miami-group")
        let alerts = try #require(data["alerts"] as? [[String: Any]])
        let first = try #require(alerts.first)
        #expect(first["id"] as? String == "a0")
        #expect(first["score"] as? Double == 7.5)
        #expect(first["feed"] as? String == "uscis-news")
        #expect(first["post_id"] as? String == "post-0")
        #expect(first["link"] as? String == alert.link)
        #expect(first["title"] as? String == alert.title)
        #expect(first["excerpt"] as? String == alert.excerpt)
        #expect(first["rules"] as? [String] == ["CHNV_REOPENING", "PAY_FEE"])
        #expect(first["lang"] as? String == "en")
        #expect(part.text.hasPrefix(#"{"type":"parolewatch.digest","timestamp":"2026-12-01T00:00:00Z","data":"#))
    }

    @Test("json escapes control characters, quotes and line separators; non-finite scores become 0")
    func jsonEscaping() throws {
        var alert = DigestSamples.alert(1, title: "a\"b\\c\u{0}\u{1F}\u{7F}\u{2028}\u{2029}\n\té😀")
        alert.score = .nan
        let part = try #require(try builder(.json).parts(for: [alert], at: DigestSamples.timestamp).first)
        #expect(part.text.contains(#""title":"a\"b\\c\u0000\u001f\u007f\u2028\u2029\n\té😀""#))
        #expect(part.text.contains(#""score":0,"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        let alerts = try #require(data["alerts"] as? [[String: Any]])
        #expect(alerts.first?["title"] as? String == alert.title)
    }

    @Test("slack escapes & < > in text, titles and links")
    func slackEscaping() throws {
        let part = try #require(try builder(.slack).parts(for: [DigestSamples.alert(0, title: "A|B & <C>")], at: DigestSamples.timestamp).first)
        let text = try DigestLimits.slackSectionTexts(part).first ?? ""
        #expect(text.hasPrefix("*<https://example.org/news/0?utm=x&amp;y=&lt;z&gt;|A¦B &amp; &lt;C&gt;>*\n"))
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; a form."))
        #expect(!text.contains("<script>"))
        #expect(text.hasSuffix("_score 7.5 · CHNV_REOPENING, PAY_FEE · feed uscis-news_"))
    }

    @Test("telegram escapes & < > and sends HTML with the chat from the URL")
    func telegramBody() throws {
        let part = try #require(try builder(.telegram).parts(for: [DigestSamples.alert(0)], at: DigestSamples.timestamp).first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        #expect(object["chat_id"] as? Int == -1_001_234_567_890)
        #expect(object["parse_mode"] as? String == "HTML")
        #expect(object["disable_web_page_preview"] as? Bool == true)
        let text = try #require(object["text"] as? String)
        #expect(text.hasPrefix("<b>ParoleWatch</b>: 1 alert\n\n"))
        #expect(text.contains(#"<b><a href="https://example.org/news/0?utm=x&amp;y=&lt;z&gt;">CHNV parole reopens? Post #0 &amp; &lt;more&gt;</a></b>"#))
        #expect(text.contains("&lt;script&gt;"))
        #expect(!text.contains("<script>"))
        #expect(!part.text.contains("SECRET"))
    }

    @Test(
        "a chat_id is sent as a JSON number only when it is a plain integer",
        arguments: [
            ("@parole_alerts", #""@parole_alerts""#), ("-100123", "-100123"), ("42", "42"), ("0", "0"),
            ("+42", #""+42""#), ("007", #""007""#), ("99999999999999999999", #""99999999999999999999""#),
        ]
    )
    func telegramChatID(chat: String, json: String) throws {
        let builder = try DigestBuilder(
            subscriberID: "g",
            format: .telegram,
            url: "https://api.telegram.org/botX/sendMessage?chat_id=" + (chat.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? chat)
        )
        #expect(builder.telegramChatID == chat)
        let part = builder.testMessage(at: DigestSamples.timestamp)
        #expect(part.text.hasPrefix(#"{"chat_id":"# + json + ","))
        #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(part.body)) }
    }

    @Test(
        "a telegram subscriber without chat_id is refused without quoting its token",
        arguments: ["https://api.telegram.org/bot123:SECRET/sendMessage", "https://api.telegram.org/bot123:SECRET/sendMessage?chat_id=", "not a url at all SECRET"]
    )
    func telegramWithoutChat(url: String) {
        #expect {
            try DigestBuilder(subscriberID: "g", format: .telegram, url: url)
        } throws: { error in
            let text = (error as? DigestBuildError)?.description ?? ""
            return text.hasPrefix("subscriber 'g': ") && text.contains("chat_id") && !text.contains("SECRET")
        }
    }

    @Test("the subscriber config gives the builder its id, format and chat")
    func fromSubscriber() throws {
        let subscriber = SubscriberConfig(
            id: "tg",
            url: "https://api.telegram.org/botT/sendMessage?chat_id=42",
            secret: .inline(StandardWebhooksVector.secret),
            format: .telegram
        )
        let builder = try DigestBuilder(subscriber: subscriber)
        #expect(builder.subscriberID == "tg")
        #expect(builder.format == .telegram)
        #expect(builder.telegramChatID == "42")
    }

    @Test("a test message exists for every format, within its limits", arguments: WebhookFormat.allCases)
    func testMessage(format: WebhookFormat) throws {
        let part = try builder(format).testMessage(at: DigestSamples.timestamp)
        #expect(part.alertIDs.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        switch format {
        case .json:
            #expect(object["type"] as? String == "parolewatch.test")
            #expect(object["timestamp"] as? String == "2026-12-01T00:00:00Z")
            #expect((object["data"] as? [String: Any])?["subscriber"] as? String == "miami-group")
        case .slack:
            #expect((object["text"] as? String)?.contains("miami-group") == true)
            #expect((object["blocks"] as? [Any])?.count == 1)
        case .discord:
            #expect((object["content"] as? String)?.contains("test delivery") == true)
        case .telegram:
            #expect(object["chat_id"] as? Int == -1_001_234_567_890)
            #expect((object["text"] as? String)?.contains("test delivery") == true)
        }
    }

    @Test("a split digest says which part each message is")
    func partHeadlines() throws {
        let parts = try builder(.discord).parts(for: DigestSamples.alerts(11), at: DigestSamples.timestamp)
        #expect(parts.count == 2)
        #expect(parts[0].text.contains("10 alerts (part 1 of 2)"))
        #expect(parts[1].text.contains("1 alert (part 2 of 2)"))
    }

    @Test("links that are not http(s) are never shown as links in chats")
    func unsafeLinks() throws {
        let alert = DigestSamples.alert(0, link: "javascript:alert(1)")
        for format in [WebhookFormat.slack, .discord, .telegram] {
            let part = try #require(try builder(format).parts(for: [alert], at: DigestSamples.timestamp).first)
            #expect(!part.text.contains("javascript:"), "\(format)")
        }
    }
}

/// Checks a part against its service's published limits, reading the body back as JSON (independently of how
/// the builder counted).
enum DigestLimits {
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ part: DigestPart, format: WebhookFormat) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw Violation(description: "\(format): \(message)") }
        }
        switch format {
        case .json:
            try require(part.body.count <= 256 * 1024, "body of \(part.body.count) bytes")
            try require(object["type"] as? String == "parolewatch.digest", "type")
            let alerts = (object["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            try require(alerts.count <= 100, "\(alerts.count) alerts")
            try require(alerts.compactMap { $0["id"] as? String } == part.alertIDs, "ids differ from alertIDs")
        case .slack:
            let blocks = object["blocks"] as? [[String: Any]] ?? []
            try require(blocks.count <= 50, "\(blocks.count) blocks")
            try require(!(object["text"] as? String ?? "").isEmpty, "no fallback text")
            let header = (blocks.first?["text"] as? [String: Any])?["text"] as? String ?? ""
            try require(blocks.first?["type"] as? String == "header" && header.utf16.count <= 150, "header")
            let sections = try slackSectionTexts(part)
            try require(sections.count == part.alertIDs.count, "\(sections.count) sections")
            for text in sections {
                try require(text.utf16.count <= 3000, "section of \(text.utf16.count) characters")
            }
        case .discord:
            let embeds = object["embeds"] as? [[String: Any]] ?? []
            try require(embeds.count == part.alertIDs.count && embeds.count <= 10, "\(embeds.count) embeds")
            try require((object["content"] as? String ?? "").utf16.count <= 2000, "content")
            var total = 0
            for embed in embeds {
                let title = embed["title"] as? String ?? ""
                let description = embed["description"] as? String ?? ""
                let footer = (embed["footer"] as? [String: Any])?["text"] as? String ?? ""
                try require(title.utf16.count <= 256, "title of \(title.utf16.count)")
                try require(description.utf16.count <= 4096, "description of \(description.utf16.count)")
                try require(footer.utf16.count <= 2048, "footer of \(footer.utf16.count)")
                total += title.utf16.count + description.utf16.count + footer.utf16.count
            }
            try require(total <= 6000, "embed text of \(total)")
        case .telegram:
            let text = object["text"] as? String ?? ""
            try require(text.utf16.count <= 4096, "text of \(text.utf16.count)")
            try require(object["parse_mode"] as? String == "HTML", "parse_mode")
            let entries = text.components(separatedBy: "\n<i>score ").count - 1
            try require(entries == part.alertIDs.count, "\(entries) entries")
        }
    }

    /// The mrkdwn texts of a Slack part's section blocks.
    static func slackSectionTexts(_ part: DigestPart) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(part.body)) as? [String: Any])
        let blocks = object["blocks"] as? [[String: Any]] ?? []
        return blocks.filter { $0["type"] as? String == "section" }.compactMap {
            ($0["text"] as? [String: Any])?["text"] as? String
        }
    }
}
