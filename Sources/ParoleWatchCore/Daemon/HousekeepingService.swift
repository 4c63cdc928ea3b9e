import Foundation
import Logging
import ServiceLifecycle

/// Runs ``Housekeeping`` a minute after start and then once a day, and warns when moderators fall far behind
/// (many unacknowledged alert files). Never stops the daemon: a failed pass is logged and tried again next time.
public final class HousekeepingService: Service {
    private let database: StateDatabase
    private let spoolDirectory: @Sendable () -> URL
    private let retention: Housekeeping.Retention
    private let logger: Logger

    /// Unacknowledged alert files in `new/` above which each pass logs a warning.
    public static let spoolWarningThreshold = 5_000
    static let firstPassDelay: Duration = .seconds(60)
    static let period: Duration = .seconds(86_400)

    public init(
        database: StateDatabase, spoolDirectory: @escaping @Sendable () -> URL,
        retention: Housekeeping.Retention = .standard, logger: Logger
    ) {
        self.database = database
        self.spoolDirectory = spoolDirectory
        self.retention = retention
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var wait = Self.firstPassDelay
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return
                }
                await self.pass()
                wait = Self.period
            }
        }
    }

    /// One pass: prune, maybe vacuum, look at the spool.
    public func pass() async {
        do {
            let report = try await Housekeeping.run(database, retention: retention)
            logger.info(
                "housekeeping done",
                metadata: [
                    "state.entries_pruned": "\(report.entriesPruned)",
                    "state.deliveries_pruned": "\(report.deliveriesPruned)",
                    "state.vacuumed": "\(report.vacuumed)",
                    "state.database_bytes": "\(report.databaseBytes)",
                ])
        } catch {
            logger.error("housekeeping failed; will try again tomorrow", metadata: ["error": "\(error)"])
        }
        let directory = spoolDirectory()
        if let waiting = try? AlertSpool(directory: directory).count(in: .new), waiting > Self.spoolWarningThreshold {
            logger.warning(
                "many alerts are not acknowledged; moderators may be missing new ones",
                metadata: ["spool.path": "\(directory.path)", "spool.new": "\(waiting)"])
        }
    }
}
