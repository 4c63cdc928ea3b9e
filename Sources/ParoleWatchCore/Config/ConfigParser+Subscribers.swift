import Foundation
import Yams

extension ConfigParser {
    static let subscriberKeys = [
        "id", "url", "secret", "secret_file", "secret_credential", "format", "schedule", "min_score", "languages",
    ]

    /// `subscribers:`, a list of webhooks; absent means none.
    func readSubscribers(_ fields: MappingFields) -> [SubscriberConfig]? {
        guard let node = fields.value("subscribers") else { return [] }
        guard let items = reader.list(node, "subscribers", what: "a list of subscribers") else { return nil }
        var subscribers: [SubscriberConfig] = []
        var firstIDs: [String: Node] = [:]
        var isComplete = true
        for (index, item) in items.enumerated() {
            if let subscriber = readSubscriber(item, "subscribers[\(index)]", firstIDs: &firstIDs) {
                subscribers.append(subscriber)
            } else {
                isComplete = false
            }
        }
        return isComplete ? subscribers : nil
    }

    private func readSubscriber(_ item: Node, _ keyPath: String, firstIDs: inout [String: Node]) -> SubscriberConfig? {
        guard let fields = reader.mapping(item, keyPath, allowed: Self.subscriberKeys, what: "a subscriber") else {
            return nil
        }
        var id: String?
        if let node = fields["id"] {
            id = reader.uniqueIdentifier(node, fields.path("id"), what: "subscriber id", firstIDs: &firstIDs)
        } else {
            reader.report(item, fields.path("id"), "missing required key 'id'")
        }
        var url: String?
        if let node = fields["url"] {
            url = webhookURL(node, fields.path("url"))
        } else {
            reader.report(item, fields.path("url"), "missing required key 'url'")
        }
        let secret = secretSource(fields)
        var format = WebhookFormat.json
        if let node = fields.value("format") {
            format = webhookFormat(node, fields.path("format")) ?? format
        }
        var schedule = DeliverySchedule.immediate
        if let node = fields.value("schedule"),
            let text = reader.text(node, fields.path("schedule"), what: "a schedule such as every 1h")
        {
            switch DeliverySchedule.parse(text) {
            case .success(let parsed): schedule = parsed
            case .failure(let error): reader.report(node, fields.path("schedule"), error.message)
            }
        }
        var isValid = true
        var minScore: Double?
        if let node = fields.value("min_score") {
            minScore = reader.number(node, fields.path("min_score"), what: "a number")
            isValid = isValid && minScore != nil
        }
        var languages: [String]?
        if let node = fields.value("languages") {
            languages = languageList(node, fields.path("languages"))
            isValid = isValid && languages != nil
        }
        guard let id, let url, let secret, isValid else { return nil }
        return SubscriberConfig(
            id: id,
            url: url,
            secret: secret,
            format: format,
            schedule: schedule,
            minScore: minScore,
            languages: languages
        )
    }

    /// The webhook endpoint. The URL itself is never quoted back: Slack and Telegram URLs carry tokens.
    private func webhookURL(_ node: Node, _ keyPath: String) -> String? {
        guard let raw = reader.text(node, keyPath, what: "an http:// or https:// URL", quoteValue: false) else {
            return nil
        }
        let lower = raw.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            let scheme = raw.range(of: "://").map { "scheme '\(raw[..<$0.lowerBound].prefix(20))'" } ?? "no scheme"
            reader.report(node, keyPath, "expected an http:// or https:// URL, got one with \(scheme)")
            return nil
        }
        guard !raw.contains(where: \.isWhitespace), let components = URLComponents(string: raw),
            let host = components.host, !host.isEmpty
        else {
            reader.report(node, keyPath, "not a valid URL (no host, or spaces not percent-encoded); text not shown")
            return nil
        }
        return raw
    }

    private func webhookFormat(_ node: Node, _ keyPath: String) -> WebhookFormat? {
        let names = WebhookFormat.allCases.map(\.rawValue)
        let expected = "one of \(names.joined(separator: ", "))"
        guard let text = reader.text(node, keyPath, what: expected) else { return nil }
        if let format = WebhookFormat(rawValue: text) { return format }
        let hint = text.closestConfigKey(among: names).map { "; did you mean '\($0)'?" } ?? ""
        reader.report(node, keyPath, "expected \(expected), got '\(text)'\(hint)")
        return nil
    }

    private func languageList(_ node: Node, _ keyPath: String) -> [String]? {
        guard let items = reader.list(node, keyPath, what: "a list of language codes such as [es, ht]") else {
            return nil
        }
        guard !items.isEmpty else {
            reader.report(
                node,
                keyPath,
                "an empty list filters out every alert; remove the key to accept all languages"
            )
            return nil
        }
        var codes: [String] = []
        var isComplete = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(keyPath)[\(index)]"
            guard let code = reader.text(item, itemPath, what: Self.languageExpectation) else {
                isComplete = false
                continue
            }
            guard Self.isLanguageCode(code) else {
                reader.report(item, itemPath, "expected \(Self.languageExpectation), got '\(code)'")
                isComplete = false
                continue
            }
            if !codes.contains(code) { codes.append(code) }
        }
        return isComplete ? codes : nil
    }
}
