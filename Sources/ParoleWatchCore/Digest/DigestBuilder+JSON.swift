import Foundation

extension DigestBuilder {
    /// Most alerts in one `json` part: receivers get batches they can handle in one request.
    public static let jsonMaxAlertsPerPart = 100
    /// Largest `json` body, in bytes (256 KiB): below the request limits of common web servers and queues
    /// (nginx's default is 1 MiB, AWS SQS/SNS take 256 KiB).
    public static let jsonMaxBodyBytes = 256 * 1024

    /// Field caps, in UTF-16 units, that keep one alert far below `jsonMaxBodyBytes` even when every
    /// character needs a six-byte escape.
    static let jsonTitleLimit = 1000
    static let jsonExcerptLimit = 2000
    static let jsonLinkLimit = 4096
    static let jsonIdentifierLimit = 1024
    static let jsonMaxRules = 64
    static let jsonRuleLimit = 128

    /// The `json` digest: `{"type":"parolewatch.digest","timestamp":…,"data":{"subscriber":…,"alerts":[…]}}`.
    func jsonParts(for alerts: [DigestAlert], at timestamp: Date) -> [DigestPart] {
        let encoded = alerts.map(Self.jsonAlert)
        let head = "{\"type\":\"parolewatch.digest\",\"timestamp\":\(JSONText.string(RFC3339.string(timestamp))),"
            + "\"data\":{\"subscriber\":\(JSONText.string(subscriberID)),\"alerts\":["
        let tail = "]}}"
        let envelope = head.utf8.count + tail.utf8.count
        let groups = DigestPacker.groups(
            costs: encoded.map { $0.utf8.count + 1 },  // + 1 for the comma
            maxItems: Self.jsonMaxAlertsPerPart,
            maxCost: Self.jsonMaxBodyBytes - envelope + 1  // the last element has no comma
        )
        return groups.map { range in
            let body = head + encoded[range].joined(separator: ",") + tail
            return DigestPart(body: Array(body.utf8), alertIDs: alerts[range].map(\.id))
        }
    }

    /// One alert object: `{"id","score","feed","post_id","link","title","excerpt","rules"}`, plus `lang` when known.
    static func jsonAlert(_ alert: DigestAlert) -> String {
        var members: [(String, String)] = [
            ("id", JSONText.string(alert.id)),
            ("score", JSONText.number(alert.score)),
            ("feed", JSONText.string(DigestText.truncated(alert.feedID, limit: jsonIdentifierLimit))),
            ("post_id", JSONText.string(DigestText.truncated(alert.postID, limit: jsonIdentifierLimit))),
            ("link", JSONText.string(DigestText.truncated(alert.link, limit: jsonLinkLimit))),
            ("title", JSONText.string(DigestText.truncated(alert.title, limit: jsonTitleLimit))),
            ("excerpt", JSONText.string(DigestText.truncated(alert.excerpt, limit: jsonExcerptLimit))),
            (
                "rules",
                JSONText.array(
                    alert.rules.prefix(jsonMaxRules).map { JSONText.string(DigestText.truncated($0, limit: jsonRuleLimit)) }
                )
            ),
        ]
        if let lang = alert.lang {
            members.append(("lang", JSONText.string(DigestText.truncated(lang, limit: 35))))
        }
        return JSONText.object(members)
    }
}
