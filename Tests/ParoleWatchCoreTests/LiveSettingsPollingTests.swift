import Foundation
import GRDB
import Logging
import ParoleWatchCore
import TestSupport
import Testing

/// A poller following `LiveSettings`: what a reload replaces is used by the very next batch of entries.
@Suite("Polling with live settings")
struct LiveSettingsPollingTests {
    static let shippedModel = Repository.root.appendingPathComponent("config/model.yaml")
    static let rumors = Repository.root.appendingPathComponent("feeds/samples/rumores-es.xml")
    static let creole = Repository.root.appendingPathComponent("feeds/samples/kominote-ht.json")

    static func config(subscribers: [SubscriberConfig] = [], in folder: TemporaryDirectory) -> Config {
        Config(
            fileURL: folder.path("parolewatch.yaml"),
            stateDirectory: folder.url,
            modelURL: shippedModel,
            feedListURL: nil,
            feeds: [],
            poll: .default,
            alerts: AlertsConfig(spoolDirectory: folder.path("alerts")),
            subscribers: subscribers
        )
    }

    @Test("a reloaded subscriber list and model apply to the next poll, without a new poller")
    func reloadReachesThePoller() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = try StateDatabase(directory: folder.url)
        let worker = CurlWorker(maxConcurrentTransfers: 2, userAgent: Daemon.userAgent)
        defer { worker.shutdown() }
        let shipped = try ModelLoader.load(from: Self.shippedModel)
        let settings = LiveSettings(config: Self.config(in: folder), ruleSet: shipped)
        let poller = FeedPoller(
            worker: worker,
            store: FeedStore(database: database),
            settings: settings,
            logger: Logger(label: "test")
        )
        func deliveryItems() async throws -> Int {
            try await database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM delivery_item") ?? 0 }
        }

        let (_, first) = await poller.poll(
            FeedConfig(id: "es", url: Self.rumors.absoluteString, language: "es"),
            previous: nil
        )
        #expect(first.newAlerts == 2)
        #expect(try await deliveryItems() == 0, "no subscribers yet")

        let subscriber = SubscriberConfig(id: "helpers", url: "https://hooks.example/x", secret: .credential("helpers"))
        settings.replace(config: Self.config(subscribers: [subscriber], in: folder), ruleSet: shipped)
        let (_, second) = await poller.poll(
            FeedConfig(id: "ht", url: Self.creole.absoluteString, language: "ht"),
            previous: nil
        )
        #expect(second.newAlerts == 1)
        #expect(try await deliveryItems() == 1, "the new subscriber gets the alert found after the reload")

        var strict = shipped.model
        strict.threshold = 1_000
        settings.replace(config: Self.config(subscribers: [subscriber], in: folder), ruleSet: try RuleSet(strict))
        let (_, third) = await poller.poll(
            FeedConfig(id: "es-copy", url: Self.rumors.absoluteString, language: "es"),
            previous: nil
        )
        #expect(third.newEntries == 4)
        #expect(third.newAlerts == 0 && third.foldedReposts == 0, "the reloaded model's threshold is in effect")
    }
}
