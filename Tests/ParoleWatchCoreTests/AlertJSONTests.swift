import Foundation
import Testing

@testable import ParoleWatchCore

/// Alerts shared by the alert tests: a full Spanish rumor with reposts, and a bare one with every optional absent.
enum AlertSamples {
    static let title = "¡Reabren el parole humanitario! Nuevas solicitudes CHNV"
    static let text = """
        Última hora: el parole para cubanos y venezolanos vuelve a abrir en diciembre. Envíe $350 por Zelle \
        para asegurar su patrocinador 👉 escríbanos al privado.
        Más información: https://ayuda-parole.example/registro
        """

    /// The UTF-8 byte span of the first `needle` in `haystack`.
    static func span(_ needle: String, in haystack: String) -> (start: Int, end: Int) {
        guard let range = haystack.range(of: needle) else { return (0, 0) }
        let start = haystack.utf8.distance(from: haystack.startIndex, to: range.lowerBound)
        return (start, start + needle.utf8.count)
    }

    static func rule(_ id: String, _ weight: Double, _ field: PostField, _ match: String, _ description: String)
        -> Alert.Rule
    {
        let (start, end) = span(match, in: field == .title ? title : text)
        return Alert.Rule(
            id: id, weight: weight, field: field, start: start, end: end, match: match, description: description)
    }

    static func date(_ text: String) -> Date {
        Alert.parseRFC3339(text) ?? Date(timeIntervalSince1970: 0)
    }

    static let reply = Alert.SuggestedReply(
        es: "Esto no es cierto: el parole CHNV no ha reabierto. Verifique en uscis.gov.",
        en: "This is not true: CHNV parole has not reopened. Check uscis.gov.",
        ht: "Sa a pa vre: parol CHNV pa relouvri. Verifye sou uscis.gov."
    )

    static var rumor: Alert {
        Alert(
            id: "A000042",
            createdAt: date("2026-12-01T03:36:49Z"),
            feed: Alert.Feed(id: "rumores-es", url: "https://rumores.example/feed.xml"),
            post: Alert.Post(
                id: "https://rumores.example/?p=1042",
                link: "https://rumores.example/2026/11/reabren-parole",
                title: title,
                text: text,
                published: date("2026-11-30T22:10:00Z"),
                lang: "es"
            ),
            score: 10.9,
            threshold: 4,
            rules: [
                rule("REOPENING_CLAIM", 3.5, .title, "Reabren el parole", "Says the parole programs are reopening"),
                rule("NEW_APPLICATIONS", 1.5, .title, "Nuevas solicitudes", "Says applications are being taken"),
                rule(
                    "REOPEN_NEAR_PAROLE", 2, .text, "el parole para cubanos y venezolanos vuelve a abrir",
                    "Says something reopened, near a parole program"),
                rule("__PAROLE_CONTEXT", 0, .text, "parole", "Names the humanitarian parole programs"),
                rule("MONEY_AMOUNT", 1.2, .text, "$350", "A money amount"),
                rule("PAYMENT_CHANNEL", 1, .text, "Zelle", "Names a payment channel or a fee"),
                rule("SPONSOR", 0.8, .text, "patrocinador", "Names a sponsor or supporter"),
                rule("PRIVATE_CONTACT", 0.9, .text, "escríbanos al privado", "Asks to be contacted privately"),
            ],
            suggestedReply: reply,
            duplicates: 2,
            sources: [
                Alert.Source(
                    feed: "kominote-ht", postID: "ht-77", link: "https://kominote.example/p/77",
                    seenAt: date("2026-12-01T04:10:00Z")),
                Alert.Source(feed: "grupo-wa", postID: nil, link: nil, seenAt: date("2026-12-01T05:02:13Z")),
            ]
        )
    }

    static var bare: Alert {
        Alert(
            id: "A000043",
            createdAt: date("2026-12-01T03:40:00Z"),
            feed: Alert.Feed(id: "factdesk-en", url: "file:///srv/feeds/factdesk.xml"),
            post: Alert.Post(id: nil, link: nil, title: "", text: "CHNV parole reopens Monday", published: nil, lang: nil),
            score: 4.25,
            threshold: 4,
            rules: [],
            suggestedReply: reply
        )
    }

    /// Quotes, backslashes, control characters, emoji and slashes: everything JSON must escape or keep.
    static var awkward: Alert {
        var alert = bare
        alert.id = "feed-1.A_9"
        alert.post.title = "\"Quoted\" \\ back\\slash\ttab"
        alert.post.text = "line one\nline two\r\n\u{1B}[31mred\u{1B}[0m 🇨🇺🇭🇹 e\u{301} </script> a/b"
        alert.post.lang = "ht"
        alert.score = -0.125
        alert.threshold = 1e-3
        return alert
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("alerts/\(name)")
    }
}

@Suite("Alert JSON")
struct AlertJSONTests {
    @Test("an alert encodes to exactly the golden file")
    func matchesGoldenFile() throws {
        let expected = try String(contentsOf: AlertSamples.fixture("A000042.json"), encoding: .utf8)
        let actual = String(decoding: try AlertSamples.rumor.jsonData(), as: UTF8.self)
        #expect(actual == expected)
    }

    @Test("the golden file decodes to the alert it was written from")
    func decodesGoldenFile() throws {
        let data = try Data(contentsOf: AlertSamples.fixture("A000042.json"))
        #expect(try Alert(jsonData: data) == AlertSamples.rumor)
    }

    @Test(
        "encoding then decoding gives back an equal alert",
        arguments: [AlertSamples.rumor, AlertSamples.bare, AlertSamples.awkward])
    func roundTrips(_ alert: Alert) throws {
        let data = try alert.jsonData()
        #expect(try Alert(jsonData: data) == alert)
        #expect(try Alert(jsonData: data).jsonData() == data)
    }

    @Test("keys are snake_case, exactly as INTERFACE.md names them")
    func keysMatchTheInterface() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: AlertSamples.rumor.jsonData()) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "created_at", "feed", "post", "score", "threshold", "rules", "suggested_reply", "duplicates",
                "sources",
            ])
        let feed = try #require(object["feed"] as? [String: Any])
        #expect(Set(feed.keys) == ["id", "url"])
        let post = try #require(object["post"] as? [String: Any])
        #expect(Set(post.keys) == ["id", "link", "title", "text", "published", "lang"])
        let rule = try #require((object["rules"] as? [[String: Any]])?.first)
        #expect(Set(rule.keys) == ["id", "weight", "field", "start", "end", "match", "description"])
        let reply = try #require(object["suggested_reply"] as? [String: Any])
        #expect(Set(reply.keys) == ["es", "en", "ht"])
        let source = try #require((object["sources"] as? [[String: Any]])?.first)
        #expect(Set(source.keys) == ["feed", "post_id", "link", "seen_at"])
        #expect(object["created_at"] as? String == "2026-12-01T03:36:49Z")
        #expect(source["seen_at"] as? String == "2026-12-01T04:10:00Z")
    }

    @Test("absent optional values are written as null, not left out")
    func absentValuesAreNull() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: AlertSamples.bare.jsonData()) as? [String: Any])
        let post = try #require(object["post"] as? [String: Any])
        for key in ["id", "link", "published", "lang"] {
            #expect(post[key] is NSNull, "post.\(key)")
        }
        let rumor = try #require(
            try JSONSerialization.jsonObject(with: AlertSamples.rumor.jsonData()) as? [String: Any])
        let second = try #require((rumor["sources"] as? [[String: Any]])?.last)
        #expect(second["post_id"] is NSNull)
        #expect(second["link"] is NSNull)
    }

    @Test("slashes stay unescaped and the file ends in one newline")
    func slashesAndNewline() throws {
        let text = String(decoding: try AlertSamples.rumor.jsonData(), as: UTF8.self)
        #expect(text.contains("\"https://rumores.example/feed.xml\""))
        #expect(!text.contains("\\/"))
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
    }

    @Test("dates keep whole seconds, so an alert made with a fractional date still round-trips")
    func fractionalDatesAreTruncated() throws {
        var alert = AlertSamples.bare
        alert.createdAt = Date(timeIntervalSince1970: 1_796_096_209.875)
        alert.post.published = Date(timeIntervalSince1970: 1_796_000_000.5)
        #expect(alert.createdAt == Date(timeIntervalSince1970: 1_796_096_209))
        #expect(alert.post.published == Date(timeIntervalSince1970: 1_796_000_000))
        #expect(try Alert(jsonData: alert.jsonData()) == alert)
        let now = Alert(
            id: "A1", createdAt: Date(), feed: alert.feed, post: alert.post, score: 5, threshold: 4, rules: [],
            suggestedReply: AlertSamples.reply,
            sources: [Alert.Source(feed: "f", postID: nil, link: nil, seenAt: Date())])
        #expect(try Alert(jsonData: now.jsonData()) == now)
    }

    @Test(
        "RFC 3339 dates are read with any offset and an optional fraction",
        arguments: [
            ("2026-12-01T03:36:49Z", 1_796_096_209),
            ("2026-12-01t03:36:49z", 1_796_096_209),
            ("2026-12-01 03:36:49Z", 1_796_096_209),
            ("2026-12-01T03:36:49.999Z", 1_796_096_209),
            ("2026-12-01T04:36:49+01:00", 1_796_096_209),
            ("2026-11-30T22:36:49-05:00", 1_796_096_209),
            ("1970-01-01T00:00:00Z", 0),
            ("2024-02-29T12:00:00Z", 1_709_208_000),
            ("1969-12-31T23:59:59Z", -1),
            ("2016-12-31T23:59:60Z", 1_483_228_799),
        ])
    func parsesRFC3339(_ text: String, _ seconds: Int) {
        #expect(Alert.parseRFC3339(text) == Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test(
        "anything but an RFC 3339 date-time is refused",
        arguments: [
            "", "2026-12-01", "2026-12-01T03:36:49", "2026-12-01T03:36Z", "2026-13-01T03:36:49Z",
            "2026-02-29T03:36:49Z", "2026-12-01T24:00:00Z", "2026-12-01T03:36:49.Z", "2026-12-01T03:36:49+0100",
            "Tue, 01 Dec 2026 03:36:49 GMT", "2026-12-01T03:36:49Z ", "２０２６-12-01T03:36:49Z",
        ])
    func refusesOtherDates(_ text: String) {
        #expect(Alert.parseRFC3339(text) == nil)
    }

    @Test("a file written by hand may leave out optional keys and add its own")
    func lenientReading() throws {
        let json = """
            {"id": "A7", "created_at": "2026-12-01T03:36:49Z", "feed": {"id": "f", "url": "u"},
             "post": {"title": "t", "text": "x"}, "score": 5, "threshold": 4,
             "rules": [{"id": "R", "weight": 5, "field": "text", "start": 0, "end": 1, "match": "x"}],
             "suggested_reply": {"es": "a", "en": "b", "ht": "c"}, "reviewer": "ana"}
            """
        let alert = try Alert(jsonData: Data(json.utf8))
        #expect(alert.post.id == nil && alert.post.link == nil && alert.post.published == nil)
        #expect(alert.duplicates == 0 && alert.sources.isEmpty)
        #expect(alert.rules.first?.description == "")
    }

    @Test(
        "a broken file is explained by the key that is wrong",
        arguments: [
            (#"{"id": "A7"}"#, "missing key 'created_at'"),
            (#"{"id": 7}"#, "'id' should be a string"),
            ("not json", "not valid JSON"),
            (
                #"{"id":"A","created_at":"yesterday","feed":{"id":"f","url":"u"}}"#,
                "'created_at': 'yesterday' is not an RFC 3339 date"
            ),
            (
                #"{"id":"A","created_at":"2026-12-01T03:36:49Z","feed":{"id":"f","url":"u"},"post":{"title":"t","text":"x"},"score":1,"threshold":1,"rules":[{"id":"R","weight":1,"field":"body","start":0,"end":1,"match":"x"}]}"#,
                "'rules[0].field'"
            ),
            (
                #"{"id":"A","created_at":"2026-12-01T03:36:49Z","feed":{"id":"f","url":"u"},"post":{"title":null,"text":"x"}}"#,
                "'post.title' is null"
            ),
        ])
    func explainsBrokenFiles(_ json: String, _ expected: String) {
        do {
            _ = try Alert(jsonData: Data(json.utf8))
            Issue.record("decoded \(json)")
        } catch {
            let problem = Alert.problem(in: error)
            #expect(problem.contains(expected), "\(problem)")
        }
    }

    @Test("a score that is not a number cannot be written")
    func refusesNaN() {
        var alert = AlertSamples.bare
        alert.score = .nan
        #expect(throws: (any Error).self) { try alert.jsonData() }
    }

    @Test("a fired rule from the scorer becomes an alert rule with its weight rounded to three decimals")
    func ruleFromFiredRule() {
        let fired = FiredRule(
            id: "R", weight: 0.15 * 2.1, modelWeight: 2.1, isDiscounted: true, field: .title, start: 3, end: 9,
            match: "parole", description: "d")
        let rule = Alert.Rule(fired)
        #expect(rule == Alert.Rule(id: "R", weight: 0.315, field: .title, start: 3, end: 9, match: "parole", description: "d"))
    }

    @Test(
        "ids that could be paths, hidden files or too long are not valid",
        arguments: [
            ("A000042", true), ("feed-1.A_9", true), (String(repeating: "a", count: 128), true),
            ("", false), (".hidden", false), ("..", false), ("a/b", false), ("../A1", false), ("a b", false),
            ("é", false), ("A1\0", false), (String(repeating: "a", count: 129), false), ("A:2,S", false),
        ])
    func validIDs(_ id: String, _ isValid: Bool) {
        #expect(Alert.isValidID(id) == isValid)
    }
}
