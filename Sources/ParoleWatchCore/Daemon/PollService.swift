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
    private let schedule: Mutex<PollSchedule>
    /// Beaten on every turn of the dispatch loop in which no poll is stuck (read by the systemd watchdog).
    public let heartbeat: Heartbeat
    private let maxIdle: Duration
    private let shutdownGrace: Duration
    /// Polls since the last summary line; logged at most once per `poll.interval` (and after the first round).
    private let tally = Mutex<(report: PollCycleReport, since: ContinuousClock.Instant?)>((PollCycleReport(), nil))
    /// The most recent dispatch round and when it ended, for `STATUS=`.
    private let lastRound = Mutex<(report: PollCycleReport, endedAt: Date)?>(nil)

    /// - Parameters:
    ///   - feeds: the configured feeds.
    ///   - states: what the store knows, by feed id (`FeedStore.feedStates()`).
    ///   - heartbeat: beaten by the dispatch loop; pass the one the watchdog reads.
    ///   - maxIdle: the longest the loop sleeps between two turns (so new due times, and reloads, are noticed
    ///     soon, and the heartbeat stays fresh); see `Watchdog.loopBeatInterval`.
    ///   - shutdownGrace: on graceful shutdown, how long in-flight polls may take to finish before they are
    ///     cancelled (cancellation reaches libcurl; a cancelled poll records nothing, so its entries stay unseen).
    public init(
        feeds: [FeedConfig],
        states: [String: FeedState],
        poller: FeedPoller,
        heartbeat: Heartbeat = Heartbeat(),
        maxIdle: Duration = .seconds(1),
        shutdownGrace: Duration = .seconds(5),
        logger: Logger
    ) {
        self.poller = poller
        self.logger = logger
        self.heartbeat = heartbeat
        self.maxIdle = maxIdle
        self.shutdownGrace = shutdownGrace
        self.schedule = Mutex(PollSchedule(feeds: feeds, states: states, timing: poller.timing))
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
                    schedule.inFlight[feed.id] = ContinuousClock.now
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

    /// Dispatches due feeds until graceful shutdown, then gives in-flight polls `shutdownGrace` to finish and
    /// cancels the rest. Returns when every poll has ended.
    public func run() async throws {
        logger.info("polling started", metadata: ["feeds.count": "\(schedule.withLock { $0.feeds.count })"])
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let due = schedule.withLock { $0.takeDue(at: Date()) }
                if !due.isEmpty {
                    group.addTask { self.summarize(await self.poll(due)) }
                }
                beatUnlessStuck()
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.sleepTime()) }
            }
            await drainInFlight()
            // Abandon what is left: cancellation reaches curl, and a cancelled poll records nothing.
            group.cancelAll()
        }
        logger.info("polling stopped")
    }

    /// Puts a reloaded feed list and timing in effect (see `PollSchedule.apply`): new feeds are polled on the
    /// loop's next turn (within `maxIdle`), removed ones are no longer dispatched, changed intervals apply from
    /// each feed's last fetch. Polls in flight finish and are recorded.
    public func apply(feeds: [FeedConfig], timing: PollTiming) {
        schedule.withLock { $0.apply(feeds: feeds, timing: timing, now: Date()) }
    }

    /// What the loop knows now, for `STATUS=` and logs.
    public func status() -> PollStatus {
        let (feeds, inFlight, failing) = schedule.withLock { ($0.feeds.count, $0.inFlight.count, $0.failingFeeds) }
        let round = lastRound.withLock { $0 }
        return PollStatus(
            feeds: feeds, inFlight: inFlight, failingFeeds: failing, lastRound: round?.report,
            lastRoundEndedAt: round?.endedAt)
    }

    /// Beats the heartbeat unless a poll has run far past its timeout (a wedged transfer or database).
    private func beatUnlessStuck() {
        let now = ContinuousClock.now
        let limit = poller.timeout * 2 + .seconds(60)
        if !schedule.withLock({ $0.hasStuckPoll(at: now, limit: limit) }) {
            heartbeat.beat(at: now)
        }
    }

    /// Waits up to `shutdownGrace` for in-flight polls to end (or until cancelled).
    private func drainInFlight() async {
        let deadline = ContinuousClock.now + shutdownGrace
        var running = schedule.withLock { $0.inFlight.count }
        if running > 0 {
            logger.info("waiting for in-flight polls", metadata: ["polls.in_flight": "\(running)"])
        }
        while running > 0 && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
            running = schedule.withLock { $0.inFlight.count }
        }
        if running > 0 {
            logger.warning("abandoning in-flight polls", metadata: ["polls.in_flight": "\(running)"])
        }
    }

    /// Until the next feed is due, between 50 ms and `maxIdle` (so new due times are noticed soon).
    private func sleepTime() -> Duration {
        guard let next = schedule.withLock({ $0.nextDue() }) else { return maxIdle }
        let wait = Duration.milliseconds(Int(max(next.timeIntervalSinceNow, 0.05) * 1000))
        return min(wait, maxIdle)
    }

    private func poll(_ due: [(FeedConfig, FeedState?)]) async -> PollCycleReport {
        let started = ContinuousClock.now
        let reports = await withTaskGroup(of: FeedPollReport.self) { group in
            for (feed, previous) in due {
                group.addTask {
                    let (state, report) = await self.poller.poll(feed, previous: previous)
                    self.schedule.withLock { $0.finish(feed, state: state, outcome: report.outcome, now: Date()) }
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
        lastRound.withLock { $0 = (round, Date()) }
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
