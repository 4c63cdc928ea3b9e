import Foundation
import GRDB
import Logging
import ParoleWatchCore
import TestSupport
import Testing

@Suite("AlertSpooler")
struct AlertSpoolerTests {
    @Test("every queued alert gets its file once; a folded repost rewrites it in place with the new count")
    func writesAndRewrites() async throws {
        let bench = try DeliveryBench()
        let spoolFolder = bench.folder.path("alerts")
        let spooler = AlertSpooler(
            database: bench.database, spoolDirectory: spoolFolder, replies: .builtIn, logger: bench.logs.logger())
        let ids = try bench.queueAlerts(3, for: [])
        #expect(await spooler.spoolPending() == 3)
        #expect(await spooler.spoolPending() == 0)
        let spool = try AlertSpool(directory: spoolFolder)
        #expect(try spool.alerts(in: .new).map(\.id) == ids)

        try await bench.database.pool.write { db in
            try db.execute(sql: "UPDATE alert SET duplicates = duplicates + 1, revision = revision + 1 WHERE id = 2")
        }
        #expect(await spooler.spoolPending() == 1)
        let alerts = try spool.alerts(in: .new)
        #expect(alerts.map(\.id) == ids)
        #expect(alerts.map(\.duplicates) == [0, 1, 0])
        #expect(alerts.allSatisfy { $0.suggestedReply.en.contains("uscis.gov") })
    }

    @Test("an unwritable spool keeps alerts queued, is logged once with its path, and is caught up when fixed")
    func unwritableSpool() async throws {
        let bench = try DeliveryBench()
        let blocker = try bench.folder.write("not a folder", to: "blocked")
        let spoolFolder = blocker.appendingPathComponent("alerts")
        let spooler = AlertSpooler(
            database: bench.database, spoolDirectory: spoolFolder, replies: .builtIn, logger: bench.logs.logger())
        try bench.queueAlerts(2, for: [])

        #expect(await spooler.spoolPending() == 0)
        #expect(await spooler.spoolPending() == 0)
        let errors = bench.logs.recorded.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.metadata["spool.path"]?.contains(blocker.path) == true)
        let waiting = try await bench.database.pool.read { db in try AlertRecords.unspooledCount(db: db) }
        #expect(waiting == 2)

        try FileManager.default.removeItem(at: blocker)
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        #expect(await spooler.spoolPending() == 2)
        #expect(bench.logs.messages(atLeast: .notice).contains("alert spool writable again"))
    }
}

@Suite("Digest schedules")
struct DigestTimingTests {
    let firstSeen = Date(timeIntervalSince1970: 1_796_000_000)

    @Test("immediate is always due")
    func immediate() {
        #expect(DeliverySchedule.immediate.nextDigest(after: nil, firstSeen: firstSeen) <= Date())
    }

    @Test("every D is due D after the last digest, or after the subscriber first appeared")
    func every() {
        let schedule = DeliverySchedule.every(.seconds(3600))
        #expect(schedule.nextDigest(after: nil, firstSeen: firstSeen) == firstSeen.addingTimeInterval(3600))
        let last = firstSeen.addingTimeInterval(7200)
        #expect(schedule.nextDigest(after: last, firstSeen: firstSeen) == last.addingTimeInterval(3600))
    }

    @Test("daily HH:MM is due at the first such local time after the last digest")
    func daily() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        let schedule = DeliverySchedule.daily(hour: 7, minute: 30)
        // 2026-11-30 12:00 in New York → next 2026-12-01 07:30 New York (12:30 UTC).
        let noon = try #require(calendar.date(from: DateComponents(year: 2026, month: 11, day: 30, hour: 12)))
        let next = schedule.nextDigest(after: noon, firstSeen: firstSeen, calendar: calendar)
        #expect(next == calendar.date(from: DateComponents(year: 2026, month: 12, day: 1, hour: 7, minute: 30)))
        let early = try #require(calendar.date(from: DateComponents(year: 2026, month: 11, day: 30, hour: 6)))
        #expect(
            schedule.nextDigest(after: early, firstSeen: firstSeen, calendar: calendar)
                == calendar.date(from: DateComponents(year: 2026, month: 11, day: 30, hour: 7, minute: 30)))
    }

    @Test("daily at a time skipped by a DST jump falls on the next valid time")
    func dstGap() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        // 2027-03-14: clocks jump from 02:00 to 03:00 in New York.
        let evening = try #require(calendar.date(from: DateComponents(year: 2027, month: 3, day: 13, hour: 20)))
        let next = DeliverySchedule.daily(hour: 2, minute: 30).nextDigest(after: evening, firstSeen: firstSeen, calendar: calendar)
        #expect(next.timeIntervalSince(evening) > 3600 * 5 && next.timeIntervalSince(evening) < 3600 * 8)
    }
}
