import Foundation
import GRDB
import ParoleWatchCore
import TestSupport
import Testing

@Suite("Housekeeping", .serialized)
struct HousekeepingTests {
    let now = Date()

    @Test("entries long gone from their feeds and deliveries long delivered are forgotten; the rest stays")
    func prunes() async throws {
        let bench = try DeliveryBench()
        let receiver = try WebhookReceiver(secret: DeliveryBench.secret)
        let subscriber = bench.subscriber("s", receiver: receiver)
        try bench.queueAlerts(3, for: [subscriber])
        _ = await bench.deliverer().pass(try bench.channel(subscriber), mode: .scheduled)
        try bench.queueAlerts(2, for: [subscriber], from: 10)
        try await bench.database.pool.write { db in
            for (key, daysAgo) in [("old", 120.0), ("recent", 10.0)] {
                try db.execute(
                    sql: """
                        INSERT INTO entry (feed_id, key, content_hash, first_seen_at, last_seen_at)
                        VALUES ('f', ?, 'h', ?, ?)
                        """,
                    arguments: [key, now.addingTimeInterval(-daysAgo * 86_400), now.addingTimeInterval(-daysAgo * 86_400)])
            }
            try db.execute(sql: "UPDATE delivery SET delivered_at = ?", arguments: [now.addingTimeInterval(-40 * 86_400)])
        }

        let report = try await Housekeeping.run(bench.database, now: now)
        #expect(report.entriesPruned == 1 && report.deliveriesPruned == 1)
        #expect(report.databaseBytes > 0)
        let (entries, deliveries, waiting, alerts) = try await bench.database.pool.read { db in
            (
                try String.fetchAll(db, sql: "SELECT key FROM entry"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_item WHERE delivery_id IS NULL") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert") ?? -1
            )
        }
        #expect(entries == ["recent"] && deliveries == 0)
        #expect(waiting == 2 && alerts == 5)

        // The alerts still waiting are delivered afterwards, and the delivered ones are not sent again.
        let after = await bench.deliverer().pass(try bench.channel(subscriber), mode: .scheduled)
        #expect(after.alertsDelivered == 2 && receiver.deliveries.count == 2)
    }

    @Test("a file that is mostly free pages is vacuumed")
    func vacuums() async throws {
        let bench = try DeliveryBench()
        try await bench.database.pool.write { db in
            let blob = Data(repeating: 7, count: 100_000)
            for number in 0..<100 {
                try db.execute(
                    sql: """
                        INSERT INTO delivery (id, subscriber_id, created_at, body, alert_count, state, next_attempt_at, delivered_at)
                        VALUES (?, 's', ?, ?, 1, 'delivered', ?, ?)
                        """,
                    arguments: ["msg_\(number)", now, blob, now, now.addingTimeInterval(-60 * 86_400)])
            }
        }
        let retention = Housekeeping.Retention(
            entries: 90 * 86_400, deliveredDeliveries: 30 * 86_400, vacuumFreeFraction: 0.25, vacuumMinimumBytes: 1_048_576)
        let report = try await Housekeeping.run(bench.database, retention: retention, now: now)
        #expect(report.deliveriesPruned == 100 && report.vacuumed)
        #expect(report.databaseBytes < 1_048_576)
    }
}
