import Foundation
import GRDB
import Logging

/// Polls one feed: conditional fetch → parse → record seen entries → schedule the next poll.
///
/// Never throws: every failure becomes the feed's `last_error` and a backoff, logged once here,
/// so one bad feed never stops the others.
public struct FeedPoller: Sendable {
    let worker: CurlWorker
    let store: FeedStore
    let logger: Logger
    /// Where the knobs a reload may change come from.
    private let source: Source
    /// Rung after new alerts are committed, so their files and webhooks go out at once.
    let alertsQueued: Doorbell?

    /// Fixed settings (tests, `run --once`), or the daemon's `LiveSettings`, read afresh for every poll (fetch
    /// limits, timing) and every batch of new entries (model, subscribers).
    private enum Source: Sendable {
        case fixed(Knobs)
        case live(LiveSettings)
    }

    /// What a reload may change for the poller.
    struct Knobs: Sendable {
        var timeout: Duration
        var maxBodyBytes: Int
        var timing: PollTiming
        /// The detector; nil polls and stores without scoring (used by tests of the fetch path).
        var ruleSet: RuleSet?
        /// Whose filters decide which subscribers get a new alert.
        var subscribers: [SubscriberConfig]
    }

    /// A poller with fixed settings.
    ///
    /// - Parameters:
    ///   - worker: the libcurl worker every fetch goes through.
    ///   - timeout, maxBodyBytes: `poll.timeout`, `poll.max_body`.
    public init(
        worker: CurlWorker,
        timeout: Duration,
        maxBodyBytes: Int,
        store: FeedStore,
        timing: PollTiming,
        ruleSet: RuleSet?,
        subscribers: [SubscriberConfig] = [],
        alertsQueued: Doorbell? = nil,
        logger: Logger
    ) {
        self.worker = worker
        self.store = store
        self.alertsQueued = alertsQueued
        self.logger = logger
        source = .fixed(
            Knobs(
                timeout: timeout, maxBodyBytes: maxBodyBytes, timing: timing, ruleSet: ruleSet,
                subscribers: subscribers))
    }

    /// A poller following `settings`: a reload changes `poll.timeout`, `poll.max_body`, `poll.interval`,
    /// `poll.jitter`, the model and the subscribers of the polls and entry batches that start after it.
    public init(
        worker: CurlWorker, store: FeedStore, settings: LiveSettings, alertsQueued: Doorbell? = nil, logger: Logger
    ) {
        self.worker = worker
        self.store = store
        self.alertsQueued = alertsQueued
        self.logger = logger
        source = .live(settings)
    }

    /// The settings in effect now.
    private var knobs: Knobs {
        switch source {
        case .fixed(let knobs):
            return knobs
        case .live(let settings):
            let (config, ruleSet) = settings.current
            return Knobs(
                timeout: config.poll.timeout, maxBodyBytes: config.poll.maxBodyBytes,
                timing: PollTiming(defaultInterval: config.poll.interval, jitter: config.poll.jitter),
                ruleSet: ruleSet, subscribers: config.subscribers)
        }
    }

    /// The poll timing in effect now (`poll.interval`, `poll.jitter`).
    public var timing: PollTiming { knobs.timing }

    /// The whole-transfer limit in effect now (`poll.timeout`).
    public var timeout: Duration { knobs.timeout }

    /// Scores new and edited entries of `feed` inside the store's transaction: stores each score and
    /// queues the alerts (new ones, or reposts folded into an existing alert).
    /// The model and subscribers are read when the batch is handled, so a reload takes effect at the next batch.
    private func newEntryHandler(for feed: FeedConfig, now: Date) -> NewEntryHandler? {
        guard knobs.ruleSet != nil else { return nil }
        return { db, entries in
            let knobs = self.knobs
            guard let ruleSet = knobs.ruleSet else { return NewEntryOutcome() }
            let subscribers = knobs.subscribers
            let normalizer = Normalizer()
            var outcome = NewEntryOutcome()
            for entry in entries {
                let title = entry.title ?? ""
                let result = ruleSet.score(ScoredPost(title: title, text: entry.text, language: feed.language))
                let key = EntryIdentity(entry).key
                try db.execute(
                    sql: "UPDATE entry SET score = ? WHERE feed_id = ? AND key = ?",
                    arguments: [result.score, feed.id, key])
                guard result.isAlert else { continue }
                let alert = NewAlert(
                    feedID: feed.id, feedURL: feed.url, entryKey: key, guid: entry.id, link: entry.link,
                    title: entry.title, text: entry.text, published: entry.published, language: feed.language,
                    score: result.score, threshold: result.threshold,
                    rulesJSON: JSONLine.encode(result.ruleObjects(includeDescription: true)),
                    fingerprint: TextFingerprint(normalized: normalizer.normalize(title + "\n" + entry.text)))
                switch try AlertQueue.enqueue(alert, subscribers: subscribers, now: now, db: db) {
                case .created: outcome.newAlerts += 1
                case .folded: outcome.foldedReposts += 1
                case .alreadyKnown: break
                }
            }
            return outcome
        }
    }

    /// Polls `feed` once; `previous` is what the store knew (nil for a new feed).
    /// Returns the feed's new state (already saved when the database allowed) and a report.
    public func poll(_ feed: FeedConfig, previous: FeedState?) async -> (FeedState, FeedPollReport) {
        let started = ContinuousClock.now
        let logger = feedLogger(feed)
        var state = previous ?? FeedState(id: feed.id, url: feed.url)
        let validators = state.validators(for: feed.url)
        let now = Date()
        let knobs = self.knobs
        let timing = knobs.timing
        state.url = feed.url
        state.lastFetchAt = now

        var report: FeedPollReport
        var entries: [FeedEntry] = []
        do throws(FeedFetchError) {
            // `file:` only for a feed configured as a local file; redirects never reach `file:` either way.
            let fetcher = FeedFetcher(
                worker: worker, timeout: knobs.timeout, maxBodyBytes: knobs.maxBodyBytes,
                allowFileScheme: feed.isLocalFile)
            switch try await fetcher.fetch(url: feed.url, validators: validators) {
            case .notModified:
                report = FeedPollReport(feedID: feed.id, outcome: .notModified)
                markSuccess(&state, outcome: .notModified, feed: feed, now: now, timing: timing)
            case .fetched(let body, let contentType, let newValidators, let finalURL):
                do throws(FeedParseError) {
                    let parsed = try FeedDocumentParser.parse(
                        body, contentType: contentType, documentURL: URL(string: finalURL))
                    entries = parsed.entries
                    report = FeedPollReport(feedID: feed.id, outcome: .fetched)
                    report.format = parsed.format.rawValue
                    report.entries = parsed.entries.count
                    report.warnings = parsed.warnings
                    state.title = parsed.title
                    state.format = parsed.format.rawValue
                    state.etag = newValidators.etag
                    state.lastModified = newValidators.lastModified
                    markSuccess(&state, outcome: .fetched, feed: feed, now: now, timing: timing)
                    if !parsed.warnings.isEmpty {
                        logger.warning(
                            "feed is ill-formed; entries recovered",
                            metadata: [
                                "feed.url": "\(feed.url)",
                                "feed.warnings": "\(parsed.warnings.prefix(3).joined(separator: "; "))",
                                "feed.warning_count": "\(parsed.warnings.count)",
                            ])
                    }
                } catch {
                    report = failure(&state, feed: feed, now: now, timing: timing, reason: "not a usable feed: \(error)")
                }
            }
        } catch {
            switch error {
            case .transport(let fetchError) where fetchError.kind == .cancelled:
                var cancelled = FeedPollReport(feedID: feed.id, outcome: .cancelled)
                cancelled.duration = ContinuousClock.now - started
                return (previous ?? state, cancelled)
            case .retryLater(let status, let retryAfter):
                report = failure(
                    &state, feed: feed, now: now, timing: timing, reason: "server answered \(status), retry later",
                    retryAfter: retryAfter, outcome: .deferred)
            default:
                report = failure(&state, feed: feed, now: now, timing: timing, reason: "\(error)")
            }
        }

        do throws(StateError) {
            if report.outcome == .fetched {
                let stored = try await store.record(
                    state, entries: entries, seenAt: now, handleNewEntries: newEntryHandler(for: feed, now: now))
                report.newEntries = stored.new.count
                report.editedEntries = stored.edited.count
                report.newAlerts = stored.handled.newAlerts
                report.foldedReposts = stored.handled.foldedReposts
                if stored.handled.newAlerts > 0 || stored.handled.foldedReposts > 0 {
                    CrashPoint.afterAlertCommit.reach()
                    alertsQueued?.ring()
                    logger.notice(
                        "alerts queued",
                        metadata: [
                            "alert.new": "\(stored.handled.newAlerts)",
                            "alert.reposts_folded": "\(stored.handled.foldedReposts)",
                        ])
                }
            } else {
                try await store.record(state)
            }
        } catch {
            // Entries not recorded stay unseen, so the next poll offers them again: nothing is lost.
            logger.error("could not record poll", metadata: ["error": "\(error)"])
            report.error = report.error ?? "state not saved: \(error)"
        }
        report.duration = ContinuousClock.now - started
        report.nextDueAt = state.nextDueAt
        logger.debug(
            "feed polled",
            metadata: [
                "poll.outcome": "\(report.outcome.rawValue)",
                "poll.entries": "\(report.entries)",
                "poll.new_entries": "\(report.newEntries)",
                "poll.edited_entries": "\(report.editedEntries)",
                "poll.new_alerts": "\(report.newAlerts)",
                "poll.duration_ms": "\(Int(report.duration.seconds * 1000))",
            ])
        return (state, report)
    }

    private func markSuccess(
        _ state: inout FeedState, outcome: FeedState.Outcome, feed: FeedConfig, now: Date, timing: PollTiming
    ) {
        state.lastOutcome = outcome
        state.lastSuccessAt = now
        state.lastError = nil
        state.consecutiveFailures = 0
        state.nextDueAt = timing.nextPoll(after: now, interval: feed.interval, random: .random(in: 0..<1))
    }

    /// The logger with this feed's id on every line.
    private func feedLogger(_ feed: FeedConfig) -> Logger {
        var logger = logger
        logger[metadataKey: "feed.id"] = "\(feed.id)"
        return logger
    }

    private func failure(
        _ state: inout FeedState,
        feed: FeedConfig,
        now: Date,
        timing: PollTiming,
        reason: String,
        retryAfter: Duration? = nil,
        outcome: FeedPollReport.Outcome = .failed
    ) -> FeedPollReport {
        state.lastOutcome = outcome == .deferred ? .deferred : .failed
        state.lastError = reason
        state.consecutiveFailures += 1
        state.nextDueAt = timing.retry(
            after: now, interval: feed.interval, failures: state.consecutiveFailures,
            retryAfter: retryAfter, random: .random(in: 0..<1))
        var report = FeedPollReport(feedID: feed.id, outcome: outcome)
        report.error = reason
        feedLogger(feed).warning(
            outcome == .deferred ? "feed poll deferred" : "feed poll failed",
            metadata: [
                "feed.url": "\(feed.url)",
                "error": "\(reason)",
                "feed.consecutive_failures": "\(state.consecutiveFailures)",
                "feed.next_due_at": "\(state.nextDueAt.map(RFC3339.string) ?? "-")",
            ])
        return report
    }
}
