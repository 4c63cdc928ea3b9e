import Foundation

/// The alert file format (`INTERFACE.md`, "Alert files"): one JSON object, snake_case keys, dates as RFC 3339 UTC
/// strings (`2026-12-01T03:36:49Z`), absent optional values as `null`, pretty-printed with sorted keys and
/// unescaped slashes, ending in a newline.
///
/// Reading is lenient where it costs nothing: unknown keys are ignored (the format may grow), `post.id`, `link`,
/// `published` and `lang` may be absent as well as `null`, `duplicates` defaults to 0, `sources` to `[]` and a
/// rule's `description` to `""`; dates may carry a fraction (dropped) or any UTC offset. Everything else is
/// required.
extension Alert: Codable {
    /// The file's bytes for this alert.
    ///
    /// Throws `EncodingError` only for a score, threshold or weight that is not finite (JSON has no NaN).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads an alert file's bytes. Throws `DecodingError`; `Alert.problem(in:)` turns it into a sentence.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(Alert.self, from: jsonData)
    }

    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at"
        case feed, post, score, threshold, rules
        case suggestedReply = "suggested_reply"
        case duplicates, sources
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            createdAt: try container.decodeRFC3339(forKey: .createdAt),
            feed: try container.decode(Feed.self, forKey: .feed),
            post: try container.decode(Post.self, forKey: .post),
            score: try container.decode(Double.self, forKey: .score),
            threshold: try container.decode(Double.self, forKey: .threshold),
            rules: try container.decode([Rule].self, forKey: .rules),
            suggestedReply: try container.decode(SuggestedReply.self, forKey: .suggestedReply),
            duplicates: try container.decodeIfPresent(Int.self, forKey: .duplicates) ?? 0,
            sources: try container.decodeIfPresent([Source].self, forKey: .sources) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(RFC3339.string(createdAt), forKey: .createdAt)
        try container.encode(feed, forKey: .feed)
        try container.encode(post, forKey: .post)
        try container.encode(score, forKey: .score)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(rules, forKey: .rules)
        try container.encode(suggestedReply, forKey: .suggestedReply)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(sources, forKey: .sources)
    }

    /// A sentence for an error thrown by `init(jsonData:)`, naming the key path (`post.title`, `rules[2].start`).
    public static func problem(in error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "the document" : "'\(text)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \(path(context.codingPath + [key]))"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)) is null"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(Self.typeName(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Double.Type, is Int.Type: return "a number"
        case is [Any].Type: return "an array"
        case is [String: Any].Type: return "an object"
        default: return "\(type)"
        }
    }
}

extension Alert.Feed: Codable {
    enum CodingKeys: String, CodingKey {
        case id, url
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), url: try container.decode(String.self, forKey: .url))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(url, forKey: .url)
    }
}

extension Alert.Post: Codable {
    enum CodingKeys: String, CodingKey {
        case id, link, title, text, published, lang
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(String.self, forKey: .id),
            link: try container.decodeIfPresent(String.self, forKey: .link),
            title: try container.decode(String.self, forKey: .title),
            text: try container.decode(String.self, forKey: .text),
            published: try container.decodeRFC3339IfPresent(forKey: .published),
            lang: try container.decodeIfPresent(String.self, forKey: .lang)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(id, forKey: .id)
        try container.encodeOrNull(link, forKey: .link)
        try container.encode(title, forKey: .title)
        try container.encode(text, forKey: .text)
        try container.encodeOrNull(published.map(RFC3339.string), forKey: .published)
        try container.encodeOrNull(lang, forKey: .lang)
    }
}

extension Alert.Rule: Codable {
    enum CodingKeys: String, CodingKey {
        case id, weight, field, start, end, match, description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            weight: try container.decode(Double.self, forKey: .weight),
            field: try container.decode(PostField.self, forKey: .field),
            start: try container.decode(Int.self, forKey: .start),
            end: try container.decode(Int.self, forKey: .end),
            match: try container.decode(String.self, forKey: .match),
            description: try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(weight, forKey: .weight)
        try container.encode(field, forKey: .field)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(match, forKey: .match)
        try container.encode(description, forKey: .description)
    }
}

extension Alert.SuggestedReply: Codable {
    enum CodingKeys: String, CodingKey {
        case es, en, ht
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            es: try container.decode(String.self, forKey: .es),
            en: try container.decode(String.self, forKey: .en),
            ht: try container.decode(String.self, forKey: .ht)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(es, forKey: .es)
        try container.encode(en, forKey: .en)
        try container.encode(ht, forKey: .ht)
    }
}

extension Alert.Source: Codable {
    enum CodingKeys: String, CodingKey {
        case feed
        case postID = "post_id"
        case link
        case seenAt = "seen_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            feed: try container.decode(String.self, forKey: .feed),
            postID: try container.decodeIfPresent(String.self, forKey: .postID),
            link: try container.decodeIfPresent(String.self, forKey: .link),
            seenAt: try container.decodeRFC3339(forKey: .seenAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(feed, forKey: .feed)
        try container.encodeOrNull(postID, forKey: .postID)
        try container.encodeOrNull(link, forKey: .link)
        try container.encode(RFC3339.string(seenAt), forKey: .seenAt)
    }
}

extension KeyedEncodingContainer {
    /// Writes `value`, or an explicit `null` when it is nil (the file format never omits a key).
    fileprivate mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}

extension KeyedDecodingContainer {
    fileprivate func decodeRFC3339(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = Alert.parseRFC3339(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: "'\(text)' is not an RFC 3339 date such as 2026-12-01T03:36:49Z"
            )
        }
        return date
    }

    fileprivate func decodeRFC3339IfPresent(forKey key: Key) throws -> Date? {
        guard try contains(key) && !decodeNil(forKey: key) else { return nil }
        return try decodeRFC3339(forKey: key)
    }
}

extension Alert {
    /// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`
    /// (`t`/space for `T` and `z` for `Z` accepted). Strict otherwise: no other forms, fields in range.
    static func parseRFC3339(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ allowed: String) -> Bool {
            guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        if expect(".") {
            let fractionStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        var offsetSeconds = 0
        if expect("Zz") {
            offsetSeconds = 0
        } else {
            guard index < bytes.count else { return nil }
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard expect("+-"), let offsetHours = number(2), expect(":"), let offsetMinutes = number(2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count, (1...12).contains(month), hour < 24, minute < 60, second <= 60 else { return nil }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...monthDays[month - 1]).contains(day) else { return nil }
        // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian, 1970-01-01 = day 0.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        // A leap second (:60) is read as the last second of its minute.
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
