import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The polling loop: dispatches every feed whose time has come, each in its own child task,
/// while the `CurlWorker` bounds how many transfers run at once.
///
/// A swift-service-lifecycle `Service`: `run()` returns after graceful shutdown, once in-flight
/// polls have finished or been cancelled.
public final class PollService: Service {
    private let poller: FeedPoller
    private let logger: Logger
    private let schedule: Mutex<Schedule>
    /// Polls since the last summary line; logged at most once per `poll.interval` (and after the first round).
    private let tally = Mutex<(report: PollCycleReport, since: ContinuousClock.Instant?)>((PollCycleReport(), nil))

    /// Which feeds exist, what the store knows of each, and which are being polled right now.
    struct Schedule {
        var feeds: [FeedConfig]
        var states: [String: FeedState]
        var inFlight: Set<String> = []

        /// Feeds due at `now` and not already in flight; marks them in flight.
        mutating func takeDue(at now: Date) -> [(FeedConfig, FeedState?)] {
            var due: [(FeedConfig, FeedState?)] = []
            for feed in feeds where !inFlight.contains(feed.id) {
                let state = states[feed.id]
                if (state?.nextDueAt ?? .distantPast) <= now {
                    inFlight.insert(feed.id)
                    due.append((feed, state))
                }
            }
            return due
        }

        /// The earliest moment a feed not in flight becomes due.
        func nextDue() -> Date? {
            feeds.lazy.filter { !inFlight.contains($0.id) }
                .map { states[$0.id]?.nextDueAt ?? .distantPast }.min()
        }
    }

    /// - Parameters:
    ///   - feeds: the configured feeds.
    ///   - states: what the store knows, by feed id (`FeedStore.feedStates()`).
    public init(feeds: [FeedConfig], states: [String: FeedState], poller: FeedPoller, logger: Logger) {
        self.poller = poller
        self.logger = logger
        self.schedule = Mutex(Schedule(feeds: feeds, states: states))
    }

    /// Polls every configured feed once, now, whatever its schedule (`run --once`) — except a feed
    /// whose server asked us (429/503 `Retry-After`) to stay away until later: it is reported as
    /// deferred without a request, so a cron-driven `--once` stays polite.
    public func pollAllOnce() async -> PollCycleReport {
        let started = ContinuousClock.now
        let now = Date()
        let (due, waiting) = schedule.withLock { schedule in
            var due: [(FeedConfig, FeedState?)] = []
            var waiting: [FeedPollReport] = []
            for feed in schedule.feeds {
                let state = schedule.states[feed.id]
                if let state, state.lastOutcome == .deferred, let until = state.nextDueAt, until > now, state.url == feed.url {
                    var report = FeedPollReport(feedID: feed.id, outcome: .deferred)
                    report.error = "not polled: the server asked to wait until \(RFC3339.string(until))"
                    report.nextDueAt = until
                    waiting.append(report)
                } else {
                    schedule.inFlight.insert(feed.id)
                    due.append((feed, state))
                }
            }
            return (due, waiting)
        }
        var report = await poll(due)
        let order = Dictionary(
            schedule.withLock { $0.feeds }.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        report.feeds = (report.feeds + waiting).sorted { (order[$0.feedID] ?? 0) < (order[$1.feedID] ?? 0) }
        report.duration = ContinuousClock.now - started
        return report
    }

    public func run() async throws {
        logger.info("polling started", metadata: ["feeds.count": "\(schedule.withLock { $0.feeds.count })"])
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let due = schedule.withLock { $0.takeDue(at: Date()) }
                if !due.isEmpty {
                    group.addTask { self.summarize(await self.poll(due)) }
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.sleepTime()) }
            }
            // Abandon in-flight transfers: cancellation reaches curl, and a cancelled poll records nothing.
            group.cancelAll()
        }
        logger.info("polling stopped")
    }

    /// Until the next feed is due, between 50 ms and 1 s (so new due times are noticed soon).
    private func sleepTime() -> Duration {
        guard let next = schedule.withLock({ $0.nextDue() }) else { return .seconds(1) }
        let wait = min(max(next.timeIntervalSinceNow, 0.05), 1)
        return .milliseconds(Int(wait * 1000))
    }

    private func poll(_ due: [(FeedConfig, FeedState?)]) async -> PollCycleReport {
        let started = ContinuousClock.now
        let reports = await withTaskGroup(of: FeedPollReport.self) { group in
            for (feed, previous) in due {
                group.addTask {
                    let (state, report) = await self.poller.poll(feed, previous: previous)
                    self.schedule.withLock { schedule in
                        schedule.inFlight.remove(feed.id)
                        if report.outcome != .cancelled { schedule.states[feed.id] = state }
                    }
                    return report
                }
            }
            var reports: [FeedPollReport] = []
            for await report in group { reports.append(report) }
            return reports
        }
        let order = Dictionary(due.enumerated().map { ($1.0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return PollCycleReport(
            feeds: reports.sorted { (order[$0.feedID] ?? 0) < (order[$1.feedID] ?? 0) },
            duration: ContinuousClock.now - started)
    }

    private func summarize(_ round: PollCycleReport) {
        let now = ContinuousClock.now
        let summary: PollCycleReport? = tally.withLock { tally in
            tally.report.feeds += round.feeds
            tally.report.duration += round.duration
            if let since = tally.since, now - since < poller.timing.defaultInterval { return nil }
            defer { tally = (PollCycleReport(), now) }
            return tally.report
        }
        if let summary { logCycle(summary) }
    }

    private func logCycle(_ report: PollCycleReport) {
        logger.info(
            "polls summary",
            metadata: [
                "cycle.feeds": "\(report.feeds.count)",
                "cycle.fetched": "\(report.count(.fetched))",
                "cycle.not_modified": "\(report.count(.notModified))",
                "cycle.failed": "\(report.count(.failed))",
                "cycle.deferred": "\(report.count(.deferred))",
                "cycle.entries": "\(report.entries)",
                "cycle.new_entries": "\(report.newEntries)",
                "cycle.edited_entries": "\(report.editedEntries)",
                "cycle.new_alerts": "\(report.newAlerts)",
                "cycle.reposts_folded": "\(report.foldedReposts)",
                "cycle.busy_ms": "\(Int(report.duration.seconds * 1000))",
            ])
    }
}
