import Foundation
import GRDB

extension Daemon {
    /// The one-line `STATUS=` summary: feeds, last poll round, queue depth. Never fails: a database that cannot be
    /// read is mentioned instead of the queue numbers.
    public func statusLine() async -> String {
        let polling = pollService.status().summary
        do {
            let (alerts, pending) = try await database.pool.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_item WHERE delivery_id IS NULL") ?? 0
                )
            }
            return "\(polling); queue: \(alerts) alerts, \(pending) awaiting delivery"
        } catch {
            return "\(polling); queue: unreadable"
        }
    }
}
