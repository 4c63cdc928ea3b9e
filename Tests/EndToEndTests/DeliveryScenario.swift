import Foundation
import GRDB
import ParoleWatchCore
import Synchronization
import TestSupport

/// A world for alert-delivery tests: five feeds (RSS 2.0, Atom, JSON Feed, RSS in Haitian Creole, and a local
/// RSS file) whose posts can grow, two webhook receivers, and a config wiring them to the real binary.
final class DeliveryScenario: Sendable {
    struct Post: Sendable, Hashable {
        var feed: String
        var id: String
        var title: String
        var text: String
    }

    enum Kind: String, Sendable {
        case rss, atom, json, file
    }

    static let feeds: [(id: String, kind: Kind, lang: String)] = [
        ("rumores", .rss, "es"), ("factdesk", .atom, "en"), ("grupo-json", .json, "es"),
        ("kominote", .rss, "ht"), ("archivo", .file, "es"),
    ]

    let folder: TemporaryDirectory
    let server: LoopbackHTTPServer
    let good: WebhookReceiver
    let flaky: WebhookReceiver
    private let board: Board

    /// The posts of every feed, shared with the server's handler.
    final class Board: Sendable {
        let posts = Mutex<[String: [Post]]>([:])
    }

    static let goodSecret = Secret("whsec_" + Data("good-receiver-secret-0123456789ab".utf8).base64EncodedString())
    static let flakySecret = Secret("whsec_" + Data("flaky-receiver-secret-0123456789".utf8).base64EncodedString())

    init(flakySchedule: String = "every 1h") throws {
        folder = try TemporaryDirectory()
        let board = Board()
        self.board = board
        server = try LoopbackHTTPServer { request in
            let name = String(request.path.dropFirst().split(separator: ".").first ?? "")
            guard let feed = Self.feeds.first(where: { $0.id == name }) else { return .status(404) }
            let items = board.posts.withLock { $0[feed.id] ?? [] }
            return .ok(Self.render(items, kind: feed.kind, feedID: feed.id), contentType: Self.contentType(feed.kind))
        }
        good = try WebhookReceiver(secret: Self.goodSecret)
        flaky = try WebhookReceiver(secret: Self.flakySecret)
        let feedLines = Self.feeds.map { feed in
            let url = feed.kind == .file
                ? "file://\(folder.url.path)/\(feed.id).xml" : server.url("/\(feed.id).\(feed.kind == .json ? "json" : "xml")")
            return "  - {id: \(feed.id), url: \"\(url)\", lang: \(feed.lang)}"
        }
        let config = """
            state_dir: var
            model: \(Repository.root.appendingPathComponent("config/model.yaml").path)
            poll: {interval: 1s, timeout: 5s}
            alerts:
              spool: var/alerts
              replies: \(Repository.root.appendingPathComponent("config/replies.yaml").path)
            feeds:
            \(feedLines.joined(separator: "\n"))
            subscribers:
              - id: everything
                url: \(good.url)
                secret: \(Self.goodSecret.reveal())
                schedule: immediate
              - id: spanish-only
                url: \(flaky.url)
                secret: \(Self.flakySecret.reveal())
                schedule: \(flakySchedule)
                languages: [es]
            """
        try folder.write(config, to: "parolewatch.yaml")
        try writeFileFeed()
    }

    var configPath: String { folder.url.appendingPathComponent("parolewatch.yaml").path }
    var spool: URL { folder.url.appendingPathComponent("var/alerts") }

    /// Adds posts to feeds (the file feed is rewritten at once).
    func add(_ new: [Post]) throws {
        board.posts.withLock { posts in
            for post in new { posts[post.feed, default: []].append(post) }
        }
        try writeFileFeed()
    }

    var allPosts: [Post] {
        board.posts.withLock { posts in Self.feeds.flatMap { feed in posts[feed.id] ?? [] } }
    }

    private func writeFileFeed() throws {
        let items = board.posts.withLock { $0["archivo"] ?? [] }
        let temporary = "archivo.xml.tmp"
        try folder.write(Self.render(items, kind: .file, feedID: "archivo"), to: temporary)
        _ = rename(folder.url.appendingPathComponent(temporary).path, folder.url.appendingPathComponent("archivo.xml").path)
    }

    // MARK: What should happen, and what did

    /// The posts `score --jsonl` alerts on (scored with their feed's language), as "feed/post-id".
    func expectedAlertedPosts() throws -> Set<String> {
        let lines = allPosts.map { post in
            let lang = Self.feeds.first { $0.id == post.feed }!.lang
            return JSONLine.encode(["id": "\(post.feed)/\(post.id)", "title": post.title, "text": post.text, "lang": lang])
        }
        let result = try ParoleWatchBinary.run(
            ["score", "--jsonl", "--config", configPath], input: lines.joined(separator: "\n") + "\n")
        var alerted: Set<String> = []
        for line in result.standardOutput.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            if object["alert"] as? Bool == true { alerted.insert(object["id"] as! String) }
        }
        return alerted
    }

    /// Every alert file in new/ and cur/ (tmp/ must be empty), decoded.
    func alertFiles() throws -> [Alert] {
        var alerts: [Alert] = []
        for folder in ["new", "cur"] {
            let directory = spool.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() {
                alerts.append(try Alert(jsonData: Data(contentsOf: directory.appendingPathComponent(name))))
            }
        }
        return alerts
    }

    var temporaryFiles: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent("tmp").path)) ?? []
    }

    /// Each post an alert file accounts for (its own post and the reposts folded in), as "feed/post-id",
    /// with how many times it is accounted for.
    func postsInFiles() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for alert in try alertFiles() {
            counts["\(alert.feed.id)/\(alert.post.id ?? "?")", default: 0] += 1
            for source in alert.sources { counts["\(source.feed)/\(source.postID ?? "?")", default: 0] += 1 }
        }
        return counts
    }

    /// For one receiver: alert id → the distinct webhook-ids that carried it (only validly signed, 2xx-answered
    /// or not), and whether every request verified.
    static func alertsByWebhookID(_ deliveries: [WebhookReceiver.Delivery]) -> [String: Set<String>] {
        var carriers: [String: Set<String>] = [:]
        for delivery in deliveries {
            guard let object = try? JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any],
                let data = object["data"] as? [String: Any], let alerts = data["alerts"] as? [[String: Any]]
            else { continue }
            for alert in alerts {
                carriers[alert["id"] as! String, default: []].insert(delivery.id ?? "")
            }
        }
        return carriers
    }

    /// Alert ids whose webhook reached the receiver with a 2xx answer.
    static func acceptedAlertIDs(_ deliveries: [WebhookReceiver.Delivery]) -> Set<String> {
        Set(
            alertsByWebhookID(deliveries.filter { if case .accept = $0.answer { true } else { false } }).keys)
    }

    /// `PRAGMA integrity_check` of the state database.
    func integrityCheck() throws -> String {
        let queue = try DatabaseQueue(path: folder.url.appendingPathComponent("var/parolewatch.sqlite").path)
        return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: Feed documents

    static func contentType(_ kind: Kind) -> String {
        switch kind {
        case .rss, .file: "application/rss+xml"
        case .atom: "application/atom+xml"
        case .json: "application/feed+json"
        }
    }

    static func render(_ posts: [Post], kind: Kind, feedID: String) -> String {
        switch kind {
        case .rss, .file:
            let items = posts.map { post in
                "<item><guid isPermaLink=\"false\">\(xml(post.id))</guid><title>\(xml(post.title))</title>"
                    + "<link>https://\(feedID).example/p/\(xml(post.id.split(separator: ":").last.map(String.init) ?? post.id))</link>"
                    + "<description>\(xml(post.text))</description></item>"
            }
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>\(feedID)</title>"
                + "<link>https://\(feedID).example/</link>\(items.joined())</channel></rss>"
        case .atom:
            let entries = posts.map { post in
                "<entry><id>\(xml(post.id))</id><title>\(xml(post.title))</title>"
                    + "<link href=\"https://\(feedID).example/p/\(xml(post.id.split(separator: ":").last.map(String.init) ?? post.id))\"/>"
                    + "<updated>2026-11-30T12:00:00Z</updated><content type=\"text\">\(xml(post.text))</content></entry>"
            }
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<title>\(feedID)</title><id>urn:\(feedID)</id><updated>2026-11-30T12:00:00Z</updated>"
                + "\(entries.joined())</feed>"
        case .json:
            let items: [[String: Any]] = posts.map { post in
                ["id": post.id, "title": post.title, "content_text": post.text, "url": "https://\(feedID).example/p/\(post.id.split(separator: ":").last.map(String.init) ?? post.id)"]
            }
            return JSONLine.encode(
                ["version": "https://jsonfeed.org/version/1.1", "title": feedID, "items": items] as [String: Any])
        }
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
