import Foundation
import GRDB
import ParoleWatchCore
import TestSupport
import Testing

@Suite("AlertQueue")
struct AlertQueueTests {
    static let rumor = """
        Atención familia: reabren el parole humanitario para cubanos y venezolanos el lunes, ya están recibiendo \
        planillas nuevas y los cupos son pocos, escríbanme al privado para el link
        """

    func newAlert(feed: String = "f1", key: String, text: String = rumor, score: Double = 6, lang: String? = "es") -> NewAlert {
        NewAlert(
            feedID: feed, feedURL: "http://127.0.0.1/\(feed)", entryKey: key, guid: key, link: "https://x.example/\(key)",
            title: nil, text: text, published: nil, language: lang, score: score, threshold: 4, rulesJSON: "[]",
            fingerprint: TextFingerprint(normalized: Normalizer().normalize("\n" + text)))
    }

    func subscriber(_ id: String, minScore: Double? = nil, languages: [String]? = nil) throws -> SubscriberConfig {
        SubscriberConfig(
            id: id, url: "http://127.0.0.1/hook", secret: .inline(Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
            minScore: minScore, languages: languages)
    }

    func withDatabase<T>(_ body: (DatabasePool) throws -> T) throws -> T {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = try StateDatabase(directory: folder.url)
        return try body(database.pool)
    }

    @Test("a new alert gets an id and one delivery item per subscriber whose filters it passes")
    func createsAlert() throws {
        try withDatabase { pool in
            let subscribers = [
                try subscriber("all"), try subscriber("strict", minScore: 10), try subscriber("creole", languages: ["ht"]),
            ]
            let outcome = try pool.write { db in
                try AlertQueue.enqueue(newAlert(key: "p1"), subscribers: subscribers, now: Date(), db: db)
            }
            guard case .created(let id) = outcome else {
                Issue.record("expected a new alert, got \(outcome)")
                return
            }
            #expect(AlertQueue.publicID(id) == "A000001")
            #expect(AlertQueue.rowID("A000001") == id)
            let items = try pool.read { db in try String.fetchAll(db, sql: "SELECT subscriber_id FROM delivery_item") }
            #expect(items == ["all"])
        }
    }

    @Test("the same post seen again is already known; the same text in another feed is folded in as a repost")
    func groupsReposts() throws {
        try withDatabase { pool in
            try pool.write { db in
                let first = try AlertQueue.enqueue(newAlert(key: "p1"), subscribers: [], now: Date(), db: db)
                let again = try AlertQueue.enqueue(newAlert(key: "p1"), subscribers: [], now: Date(), db: db)
                let repost = try AlertQueue.enqueue(
                    newAlert(feed: "f2", key: "q9", text: "🚨 " + Self.rumor.uppercased() + " 🙏"), subscribers: [], now: Date(), db: db)
                #expect(first == .created(alertID: 1))
                #expect(again == .alreadyKnown(alertID: 1))
                #expect(repost == .folded(intoAlertID: 1))
                let row = try Row.fetchOne(db, sql: "SELECT duplicates, revision FROM alert WHERE id = 1")
                #expect(row?["duplicates"] == 1)
                #expect(row?["revision"] == 2)
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert") == 1)
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert_source WHERE alert_id = 1") == 2)
            }
        }
    }

    @Test("a repost with a small edit is a near-duplicate; a different rumor is a new alert")
    func nearDuplicates() throws {
        try withDatabase { pool in
            try pool.write { db in
                _ = try AlertQueue.enqueue(newAlert(key: "p1"), subscribers: [], now: Date(), db: db)
                let edited = Self.rumor.replacingOccurrences(of: "el lunes", with: "el martes")
                let near = try AlertQueue.enqueue(newAlert(feed: "f2", key: "p2", text: edited), subscribers: [], now: Date(), db: db)
                #expect(near == .folded(intoAlertID: 1))
                let other = try AlertQueue.enqueue(
                    newAlert(key: "p3", text: "Te consigo patrocinador verificado por $500 pagando por Zelle, resultados garantizados en 30 días"),
                    subscribers: [], now: Date(), db: db)
                #expect(other == .created(alertID: 2))
            }
        }
    }

    @Test("an alert's id never changes and reposts never create delivery items")
    func repostsDoNotDeliverAgain() throws {
        try withDatabase { pool in
            try pool.write { db in
                let subscribers = [try subscriber("all")]
                _ = try AlertQueue.enqueue(newAlert(key: "p1"), subscribers: subscribers, now: Date(), db: db)
                _ = try AlertQueue.enqueue(newAlert(feed: "f2", key: "p2"), subscribers: subscribers, now: Date(), db: db)
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_item") == 1)
            }
        }
    }
}

@Suite("TextFingerprint")
struct TextFingerprintTests {
    func fingerprint(_ text: String) -> TextFingerprint { TextFingerprint(normalized: Normalizer().normalize(text)) }

    @Test("case, accents, emoji and zero-width characters do not change the exact fingerprint")
    func exactIgnoresCosmetics() {
        #expect(fingerprint("Reabren el parole humanitario").exact == fingerprint("🚨 REABREN el párole\u{200B} humanitario!!").exact)
    }

    @Test("short texts group only when identical")
    func shortTexts() {
        #expect(!fingerprint("reabren el parole").matches(fingerprint("reabren el parole ya")))
    }

    @Test("one word changed in a long text stays within the near-duplicate distance")
    func nearDuplicateDistance() {
        let base = "the humanitarian parole for cubans haitians nicaraguans and venezuelans reopens next monday so get your sponsor papers ready and share this with your family groups"
        let edited = base.replacingOccurrences(of: "monday", with: "tuesday")
        #expect(fingerprint(base).matches(fingerprint(edited)))
        let unrelated = "a recipe for black beans with rice and plantains that my grandmother made every sunday for the whole family and the neighbors"
        #expect(!fingerprint(base).matches(fingerprint(unrelated)))
    }
}
