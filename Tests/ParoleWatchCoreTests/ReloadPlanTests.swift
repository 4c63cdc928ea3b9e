import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// What a reload changes, decided before anything changes.
@Suite("ReloadPlan and LiveSettings")
struct ReloadPlanTests {
    static func config(
        feeds: [FeedConfig],
        stateDir: String = "/var/lib/parolewatch",
        concurrency: Int = 16,
        interval: Duration = .seconds(600),
        subscribers: [SubscriberConfig] = []
    ) -> Config {
        var poll = PollConfig.default
        poll.concurrency = concurrency
        poll.interval = interval
        return Config(
            fileURL: URL(fileURLWithPath: "/etc/parolewatch/parolewatch.yaml"),
            stateDirectory: URL(fileURLWithPath: stateDir),
            modelURL: URL(fileURLWithPath: "/etc/parolewatch/model.yaml"),
            feedListURL: nil,
            feeds: feeds,
            poll: poll,
            alerts: AlertsConfig(spoolDirectory: URL(fileURLWithPath: stateDir + "/alerts")),
            subscribers: subscribers
        )
    }

    static let a = FeedConfig(id: "a", url: "https://a.example/feed")
    static let b = FeedConfig(id: "b", url: "https://b.example/feed")
    static let c = FeedConfig(id: "c", url: "https://c.example/feed")

    @Test("feeds are sorted into added, removed and changed")
    func feedChanges() {
        var movedB = Self.b
        movedB.url = "https://b.example/new-feed"
        let plan = ReloadPlan(
            running: Self.config(feeds: [Self.a, Self.b]),
            loaded: Self.config(feeds: [movedB, Self.c])
        )
        #expect(plan.addedFeeds == ["c"])
        #expect(plan.removedFeeds == ["a"])
        #expect(plan.changedFeeds == ["b"])
        #expect(plan.effective.feeds == [movedB, Self.c])
        #expect(plan.needsRestart.isEmpty)
    }

    @Test("state_dir, poll.concurrency and alerts.spool keep their running values and are reported")
    func restartOnlyKeys() {
        let running = Self.config(feeds: [Self.a])
        let loaded = Self.config(feeds: [Self.a, Self.b], stateDir: "/srv/pw", concurrency: 32, interval: .seconds(60))
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.effective.stateDirectory == running.stateDirectory)
        #expect(plan.effective.poll.concurrency == 16)
        #expect(plan.effective.alerts == running.alerts)
        #expect(plan.effective.poll.interval == .seconds(60))
        #expect(plan.effective.feeds.map(\.id) == ["a", "b"])
        #expect(plan.needsRestart.count == 3)
        #expect(plan.needsRestart.contains("poll.concurrency: 16 → 32"))
        #expect(plan.needsRestart.contains { $0.hasPrefix("state_dir: /var/lib/parolewatch → /srv/pw") })
    }

    @Test("a changed subscriber list is noticed")
    func subscribers() {
        let subscriber = SubscriberConfig(id: "s", url: "https://hooks.example/x", secret: .credential("s"))
        let plan = ReloadPlan(
            running: Self.config(feeds: []),
            loaded: Self.config(feeds: [], subscribers: [subscriber])
        )
        #expect(plan.subscribersChanged)
        #expect(!ReloadPlan(running: Self.config(feeds: []), loaded: Self.config(feeds: [])).subscribersChanged)
    }

    @Test("LiveSettings hands out what was last put in")
    func liveSettingsReplace() throws {
        let ruleSet = try ModelLoader.load(from: Repository.root.appendingPathComponent("config/model.yaml"))
        let subscriber = SubscriberConfig(id: "s", url: "https://hooks.example/x", secret: .credential("s"))
        let settings = LiveSettings(config: Self.config(feeds: [Self.a]), ruleSet: ruleSet)
        #expect(settings.current.config.feeds == [Self.a])
        #expect(settings.subscribers.isEmpty)
        settings.replace(config: Self.config(feeds: [Self.b], subscribers: [subscriber]), ruleSet: ruleSet)
        #expect(settings.current.config.feeds == [Self.b])
        #expect(settings.subscribers == [subscriber])
    }
}
