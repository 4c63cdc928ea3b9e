import Foundation
import GRDB
import Logging
import Synchronization

/// Brings the moderators' spool up to date with the queue: writes the file of every alert whose file is missing
/// or older than the alert (a repost folded in), then records it as written.
///
/// Write first, record second: a crash between the two rewrites the same file on the next pass (the rename
/// replaces it), so there is always exactly one file per alert. A spool that cannot be written (disk full,
/// permissions) leaves the alerts queued; the error is logged once, with the path, until a write succeeds again.
public final class AlertSpooler: Sendable {
    private let database: StateDatabase
    private let spoolDirectory: URL
    /// Opened on first use, and again after a failure to open (a missing mount, permissions fixed later).
    private let openedSpool = Mutex<AlertSpool?>(nil)
    private let replies: Mutex<SuggestedReplyTemplates>
    private let logger: Logger
    private let failing = Mutex<String?>(nil)

    /// Alerts written per database read.
    static let batchSize = 200

    public init(database: StateDatabase, spoolDirectory: URL, replies: SuggestedReplyTemplates, logger: Logger) {
        self.database = database
        self.spoolDirectory = spoolDirectory
        self.replies = Mutex(replies)
        self.logger = logger
    }

    /// Writes every pending alert file; returns how many were written. Stops at the first failure (the rest
    /// would fail the same way) and leaves what remains pending.
    @discardableResult
    public func spoolPending() async -> Int {
        var written = 0
        while true {
            let batch: [AlertRecords.Unspooled]
            do {
                let replies = replies.withLock { $0 }
                batch = try await database.pool.read { db in
                    try AlertRecords.unspooled(limit: Self.batchSize, replies: replies, db: db)
                }
            } catch {
                reportFailure("could not read queued alerts: \(error)", path: database.fileURL.path)
                return written
            }
            if batch.isEmpty { break }
            let spool: AlertSpool
            do {
                spool = try openSpool()
            } catch {
                reportFailure("\(error)", path: error.path)
                return written
            }
            for item in batch {
                do {
                    try spool.write(item.alert)
                    CrashPoint.afterSpoolRename.reach()
                    try await database.pool.write { db in
                        try AlertRecords.markSpooled(rowID: item.rowID, revision: item.revision, db: db)
                    }
                } catch let error as AlertSpoolError {
                    reportFailure("\(error)", path: error.path)
                    return written
                } catch {
                    reportFailure("could not record the alert file as written: \(error)", path: database.fileURL.path)
                    return written
                }
                written += 1
                logger.info(
                    item.revision == 1 ? "alert file written" : "alert file updated",
                    metadata: [
                        "alert.id": "\(item.alert.id)", "alert.score": "\(item.alert.score)",
                        "alert.duplicates": "\(item.alert.duplicates)", "feed.id": "\(item.alert.feed.id)",
                    ])
            }
            if batch.count < Self.batchSize { break }
        }
        if written > 0, let previous = failing.withLock({ state in defer { state = nil }; return state }) {
            logger.notice("alert spool writable again", metadata: ["spool.error_was": "\(previous)"])
        }
        return written
    }

    /// Uses `replies` for the files written from now on (a reload).
    public func use(replies: SuggestedReplyTemplates) {
        self.replies.withLock { $0 = replies }
    }

    private func openSpool() throws(AlertSpoolError) -> AlertSpool {
        if let spool = openedSpool.withLock({ $0 }) { return spool }
        let spool = try AlertSpool(directory: spoolDirectory)
        openedSpool.withLock { $0 = spool }
        return spool
    }

    /// Logs a failure once while it lasts (a new, different failure is logged again).
    private func reportFailure(_ message: String, path: String) {
        let isNew = failing.withLock { state in
            defer { state = message }
            return state != message
        }
        if isNew {
            logger.error(
                "cannot write alert files; alerts stay queued and are written when this is fixed",
                metadata: ["spool.path": "\(path)", "error": "\(message)"])
        }
    }
}
