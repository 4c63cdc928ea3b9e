import Logging
import ServiceLifecycle

/// Stops the daemon on the first stop request (each element of `requests`: SIGTERM or SIGINT in the daemon,
/// `UnixSignalsSequence(trapping: .sigterm, .sigint)`), as a `Service` whose return shuts the group down.
///
/// Run it with `successTerminationBehavior: .gracefullyShutdownGroup`. The daemon traps its stop signals as its
/// very first step and hands them here once every other service exists, so a SIGTERM that lands while the
/// configuration, model and database are still loading is kept and honoured as soon as the group runs (a clean
/// stop, exit 0) instead of killing a half-started process. `ServiceGroup`'s own `gracefulShutdownSignals`
/// would trap them only when the group starts.
///
/// `run()` also returns at graceful shutdown begun elsewhere, or when `requests` ends.
public struct StopRequestService<Requests: AsyncSequence & Sendable>: Service
where Requests.Element: Sendable & CustomStringConvertible {
    private let requests: Requests
    private let logger: Logger

    public init(requests: Requests, logger: Logger) {
        self.requests = requests
        self.logger = logger
    }

    public func run() async throws {
        for try await request in requests.cancelOnGracefulShutdown() {
            logger.notice("stopping", metadata: ["signal": "\(request)"])
            return
        }
    }
}
