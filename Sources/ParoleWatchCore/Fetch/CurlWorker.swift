import CCurl
import Foundation

/// Runs HTTP transfers on libcurl's multi interface: one `CURLM`, one dedicated thread running
/// the multi loop (`curl_multi_poll` + `curl_multi_wakeup`), so no transfer ever blocks Swift's
/// cooperative pool and no thread is made per transfer.
///
/// At most `maxConcurrentTransfers` transfers run at once; the rest wait in a FIFO queue inside
/// the worker. Connections are reused across transfers (HTTP/1.1 keep-alive, HTTP/2 multiplexing
/// over TLS). Call ``shutdown()`` when done; it is also called on deinit.
public final class CurlWorker: Sendable {
    private let loop: CurlMultiLoop
    private let finished = DispatchGroup()

    /// - Parameters:
    ///   - maxConcurrentTransfers: transfers handed to libcurl at once (and open connections at most).
    ///   - maxConnectionsPerHost: open connections to one host at most; defaults to `maxConcurrentTransfers`.
    ///   - userAgent: sent as `User-Agent` on every request.
    public init(maxConcurrentTransfers: Int, maxConnectionsPerHost: Int? = nil, userAgent: String) {
        guard
            let loop = CurlMultiLoop(
                maxConcurrentTransfers: maxConcurrentTransfers,
                maxConnectionsPerHost: maxConnectionsPerHost ?? maxConcurrentTransfers,
                userAgent: userAgent
            )
        else {
            fatalError("libcurl could not create a multi handle: out of memory")
        }
        self.loop = loop
        let finished = self.finished
        finished.enter()
        let thread = Thread {
            loop.run()
            finished.leave()
        }
        thread.name = "parolewatch-curl"
        thread.start()
    }

    deinit {
        shutdown()
    }

    /// `parolewatch/<version> libcurl/<version>`: names us to feed operators, as polite crawlers do.
    public static var defaultUserAgent: String {
        let libcurl = String(cString: curl_version()).split(separator: " ").first.map(String.init) ?? "libcurl"
        return "parolewatch/\(ParoleWatchVersion.string) \(libcurl)"
    }

    /// Runs one transfer and returns its response, whatever the HTTP status.
    ///
    /// Cancelling the calling task removes the transfer from libcurl (closing its connection) and
    /// throws ``FetchError/Kind/cancelled``, also when it is still queued or not yet submitted.
    public func perform(_ request: HTTPRequest) async throws(FetchError) -> HTTPResponse {
        let loop = self.loop
        let id = loop.reserveID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<HTTPResponse, FetchError>, Never>) in
                loop.submit(CurlSubmission(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try result.get()
    }

    /// Aborts in-flight and queued transfers (they throw ``FetchError/Kind/cancelled``), stops the
    /// worker thread and waits for it. Idempotent; later ``perform(_:)`` calls fail with `.cancelled`.
    /// Blocks the caller briefly (one multi-loop turn).
    public func shutdown() {
        _ = loop.requestShutdown()
        finished.wait()
    }
}
