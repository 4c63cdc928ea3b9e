import Foundation
import Logging

/// The daemon's parts, wired from one validated `Config`: state database, libcurl worker, poller, and the
/// delivery of alerts (files for moderators, webhooks for subscribers).
public struct Daemon: Sendable {
    public let config: Config
    public let database: StateDatabase
    public let worker: CurlWorker
    public let pollService: PollService
    public let deliveryService: DeliveryService

    /// The User-Agent every request carries.
    public static let userAgent = "parolewatch/\(ParoleWatchVersion.string) (feed monitor; libcurl)"

    /// Opens the state database and loads what it knows of each feed; `ruleSet` is the loaded model, `replies`
    /// the suggested-reply templates of alert files.
    public init(
        config: Config, ruleSet: RuleSet, replies: SuggestedReplyTemplates = .builtIn, logger: Logger
    ) async throws(StateError) {
        self.config = config
        database = try StateDatabase(directory: config.stateDirectory)
        let store = FeedStore(database: database)
        let states = try await store.feedStates()
        worker = CurlWorker(maxConcurrentTransfers: config.poll.concurrency, userAgent: Self.userAgent)
        let doorbell = Doorbell()
        let poller = FeedPoller(
            worker: worker,
            timeout: config.poll.timeout,
            maxBodyBytes: config.poll.maxBodyBytes,
            store: store,
            timing: PollTiming(defaultInterval: config.poll.interval, jitter: config.poll.jitter),
            ruleSet: ruleSet,
            subscribers: config.subscribers,
            alertsQueued: doorbell,
            logger: logger
        )
        deliveryService = DeliveryService(
            spooler: AlertSpooler(
                database: database, spoolDirectory: config.alerts.spoolDirectory, replies: replies, logger: logger),
            deliverer: WebhookDeliverer(
                store: DeliveryStore(database: database), sender: WebhookSender(worker: worker), logger: logger),
            doorbell: doorbell,
            subscribers: { [subscribers = config.subscribers] in subscribers },
            logger: logger
        )
        pollService = PollService(feeds: config.feeds, states: states, poller: poller, logger: logger)
    }

    /// Stops the libcurl worker thread (in-flight transfers end as cancelled).
    public func shutdown() {
        worker.shutdown()
    }
}
