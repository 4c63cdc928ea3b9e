import Foundation
import GRDB
import Logging

/// The daemon's parts, wired from one validated `Config`: state database, libcurl worker, poller, and the
/// delivery of alerts (files for moderators, webhooks for subscribers); and the `LiveSettings` a reload replaces.
public struct Daemon: Sendable {
    /// The configuration and model in effect (replaced by `apply(_:ruleSet:)`).
    public let settings: LiveSettings
    public let database: StateDatabase
    public let worker: CurlWorker
    public let pollService: PollService
    public let deliveryService: DeliveryService
    public let housekeepingService: HousekeepingService

    /// The User-Agent every request carries.
    public static let userAgent = "parolewatch/\(ParoleWatchVersion.string) (feed monitor; libcurl)"

    /// Opens the state database and loads what it knows of each feed; `ruleSet` is the loaded model.
    ///
    /// - Parameters:
    ///   - replies: the suggested-reply templates of alert files.
    ///   - heartbeat: beaten by the poll loop; the watchdog pinger reads it.
    ///   - maxIdle: the longest the poll loop sleeps between turns (`Watchdog.loopBeatInterval` under a watchdog).
    public init(
        config: Config,
        ruleSet: RuleSet,
        replies: SuggestedReplyTemplates = .builtIn,
        heartbeat: Heartbeat = Heartbeat(),
        maxIdle: Duration = .seconds(1),
        logger: Logger
    ) async throws(StateError) {
        let settings = LiveSettings(config: config, ruleSet: ruleSet)
        self.settings = settings
        database = try StateDatabase(directory: config.stateDirectory)
        let store = FeedStore(database: database)
        let states = try await store.feedStates()
        worker = CurlWorker(maxConcurrentTransfers: config.poll.concurrency, userAgent: Self.userAgent)
        let doorbell = Doorbell()
        let poller = FeedPoller(worker: worker, store: store, settings: settings, alertsQueued: doorbell, logger: logger)
        deliveryService = DeliveryService(
            spooler: AlertSpooler(
                database: database, spoolDirectory: config.alerts.spoolDirectory, replies: replies, logger: logger),
            deliverer: WebhookDeliverer(
                store: DeliveryStore(database: database), sender: WebhookSender(worker: worker), logger: logger),
            doorbell: doorbell,
            subscribers: { settings.current.config.subscribers },
            logger: logger
        )
        housekeepingService = HousekeepingService(
            database: database, spoolDirectory: { settings.current.config.alerts.spoolDirectory }, logger: logger)
        pollService = PollService(
            feeds: config.feeds,
            states: states,
            poller: poller,
            heartbeat: heartbeat,
            maxIdle: maxIdle,
            logger: logger
        )
    }

    /// The configuration in effect.
    public var config: Config { settings.current.config }

    /// Puts a validated, planned reload in effect without a restart: settings first (model, subscribers, fetch
    /// limits and timing for every later poll and entry batch), then the feed list.
    /// `replies`, when given, are the alert files' new suggested-reply templates (files written from then on).
    public func apply(_ plan: ReloadPlan, ruleSet: RuleSet, replies: SuggestedReplyTemplates? = nil) {
        settings.replace(config: plan.effective, ruleSet: ruleSet)
        if let replies { deliveryService.spooler.use(replies: replies) }
        pollService.apply(
            feeds: plan.effective.feeds,
            timing: PollTiming(defaultInterval: plan.effective.poll.interval, jitter: plan.effective.poll.jitter)
        )
    }

    /// Stops the libcurl worker thread (in-flight transfers end as cancelled) and checkpoints the database's
    /// write-ahead log into the main file, so a stopped daemon leaves one self-contained file.
    public func shutdown() {
        worker.shutdown()
        _ = try? database.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
