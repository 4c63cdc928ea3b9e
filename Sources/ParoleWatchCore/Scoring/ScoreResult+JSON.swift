import Foundation

extension ScoreResult {
    /// The rules as JSON objects: `{"id","weight","field","start","end","match"}` (+ `description` when asked).
    public func ruleObjects(includeDescription: Bool) -> [[String: Any]] {
        rules.map { rule in
            var object: [String: Any] = [
                "id": rule.id, "weight": Self.rounded(rule.weight), "field": rule.field.rawValue,
                "start": rule.start, "end": rule.end, "match": rule.match,
            ]
            if includeDescription { object["description"] = rule.description }
            return object
        }
    }

    /// `{"score", "threshold", "alert", "rules"}` for `score --json`.
    public func jsonObject() -> [String: Any] {
        ["score": Self.rounded(score), "threshold": threshold, "alert": isAlert, "rules": ruleObjects(includeDescription: true)]
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

/// One JSON document or line, with stable (sorted) keys and unescaped slashes.
public enum JSONLine {
    public static func encode(_ object: Any, pretty: Bool = false) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: options)
        else { return "{\"error\":\"could not encode the result as JSON\"}" }
        return String(decoding: data, as: UTF8.self)
    }
}
