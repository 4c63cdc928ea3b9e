import Foundation
import GRDB
import Logging

/// Polls one feed: conditional fetch → parse → record seen entries → schedule the next poll.
///
/// Never throws: every failure becomes the feed's `last_error` and a backoff, logged once here,
/// so one bad feed never stops the others.
public struct FeedPoller: Sendable {
    let remoteFetcher: FeedFetcher
    let localFetcher: FeedFetcher
    let store: FeedStore
    let timing: PollTiming
    let logger: Logger
    /// The detector; nil polls and stores without scoring (used by tests of the fetch path).
    let ruleSet: RuleSet?
    /// Whose filters decide which subscribers get a new alert.
    let subscribers: [SubscriberConfig]
    /// Rung after new alerts are committed, so their files and webhooks go out at once.
    let alertsQueued: Doorbell?

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
        remoteFetcher = FeedFetcher(worker: worker, timeout: timeout, maxBodyBytes: maxBodyBytes)
        // `file:` only for a feed configured as a local file; redirects never reach `file:` either way.
        localFetcher = FeedFetcher(worker: worker, timeout: timeout, maxBodyBytes: maxBodyBytes, allowFileScheme: true)
        self.store = store
        self.timing = timing
        self.ruleSet = ruleSet
        self.subscribers = subscribers
        self.alertsQueued = alertsQueued
        self.logger = logger
    }

    /// Scores new and edited entries of `feed` inside the store's transaction: stores each score and
    /// queues the alerts (new ones, or reposts folded into an existing alert).
    private func newEntryHandler(for feed: FeedConfig, now: Date) -> NewEntryHandler? {
        guard let ruleSet else { return nil }
        let subscribers = self.subscribers
        return { db, entries in
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
        state.url = feed.url
        state.lastFetchAt = now

        var report: FeedPollReport
        var entries: [FeedEntry] = []
        do throws(FeedFetchError) {
            let fetcher = feed.isLocalFile ? localFetcher : remoteFetcher
            switch try await fetcher.fetch(url: feed.url, validators: validators) {
            case .notModified:
                report = FeedPollReport(feedID: feed.id, outcome: .notModified)
                markSuccess(&state, outcome: .notModified, feed: feed, now: now)
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
                    markSuccess(&state, outcome: .fetched, feed: feed, now: now)
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
                    report = failure(&state, feed: feed, now: now, reason: "not a usable feed: \(error)")
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
                    &state, feed: feed, now: now, reason: "server answered \(status), retry later",
                    retryAfter: retryAfter, outcome: .deferred)
            default:
                report = failure(&state, feed: feed, now: now, reason: "\(error)")
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

    private func markSuccess(_ state: inout FeedState, outcome: FeedState.Outcome, feed: FeedConfig, now: Date) {
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
