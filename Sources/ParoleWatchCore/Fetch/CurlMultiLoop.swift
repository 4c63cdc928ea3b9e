import CCurl
import Synchronization

/// The libcurl multi loop: one `CURLM`, driven by one dedicated thread that sleeps in
/// `curl_multi_poll` and is woken by `curl_multi_wakeup` when the inbox changes.
///
/// Transfers beyond `maxConcurrentTransfers` wait in `waiting` (FIFO) until a slot frees up.
/// Easy handles are recycled (`curl_easy_reset`) and the multi handle keeps libcurl's connection
/// and DNS caches, so consecutive transfers to one host reuse the connection.
// @unchecked is sound: `multi`, `waiting`, `active`, `activeByID` and `idleHandles` are touched only
// on the worker thread (inside `run()`); callers touch only `inbox` (a Mutex) and call
// `curl_multi_wakeup`, which libcurl documents as thread-safe, only while holding `inbox` and only
// before `isShutDown` is set, after which the worker thread is the only one to see `multi` again.
final class CurlMultiLoop: @unchecked Sendable {
    let maxConcurrentTransfers: Int
    let userAgent: String
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(CurlInbox())

    private var waiting: [CurlSubmission] = []
    private var waitingHead = 0
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var activeByID: [UInt64: UnsafeMutableRawPointer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    /// Returns nil when libcurl cannot make a multi handle (out of memory).
    init?(maxConcurrentTransfers: Int, maxConnectionsPerHost: Int, userAgent: String) {
        _ = CurlGlobal.initialized
        guard let multi = curl_multi_init() else { return nil }
        self.multi = multi
        self.maxConcurrentTransfers = max(1, maxConcurrentTransfers)
        self.userAgent = userAgent
        let total = self.maxConcurrentTransfers
        _ = pw_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, total)
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, min(maxConnectionsPerHost, total)))
        _ = pw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, total)
    }

    // MARK: Caller side (any thread)

    func reserveID() -> UInt64 {
        inbox.withLock { inbox in
            let id = inbox.nextID
            inbox.nextID += 1
            inbox.reserved.insert(id)
            return id
        }
    }

    /// Hands a transfer to the worker thread, or resumes it at once when it was cancelled before
    /// starting or the worker is shut down.
    func submit(_ submission: CurlSubmission) {
        let refusal: FetchError? = inbox.withLock { inbox in
            inbox.reserved.remove(submission.id)
            let request = submission.request
            if inbox.cancelledBeforeStart.remove(submission.id) != nil {
                return FetchError(kind: .cancelled, method: request.method, url: request.url, message: "cancelled")
            }
            if inbox.isShutDown {
                return FetchError(
                    kind: .cancelled,
                    method: request.method,
                    url: request.url,
                    message: "cancelled: the HTTP worker is shut down"
                )
            }
            inbox.submissions.append(submission)
            curl_multi_wakeup(multi)
            return nil
        }
        if let refusal { submission.resume(.failure(refusal)) }
    }

    func cancel(_ id: UInt64) {
        inbox.withLock { inbox in
            if inbox.reserved.contains(id) {
                inbox.cancelledBeforeStart.insert(id)
            } else if !inbox.isShutDown {
                inbox.cancellations.append(id)
                curl_multi_wakeup(multi)
            }
        }
    }

    /// Asks the worker thread to abort everything and exit; returns whether this call did it.
    func requestShutdown() -> Bool {
        inbox.withLock { inbox in
            guard !inbox.isShutDown else { return false }
            inbox.isShutDown = true
            curl_multi_wakeup(multi)
            return true
        }
    }

    // MARK: Worker thread

    /// The thread body: returns after shutdown, with every transfer resumed and `multi` freed.
    func run() {
        while true {
            let (submissions, cancellations, isShutDown) = inbox.withLock { inbox in
                defer {
                    inbox.submissions.removeAll(keepingCapacity: true)
                    inbox.cancellations.removeAll(keepingCapacity: true)
                }
                return (inbox.submissions, inbox.cancellations, inbox.isShutDown)
            }
            if isShutDown { break }
            waiting.append(contentsOf: submissions)
            for id in cancellations { cancelOnWorker(id) }
            startWaitingTransfers()

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectCompletions()
            startWaitingTransfers()

            var ready: Int32 = 0
            // Not a polling interval: libcurl shortens the wait to its own next timer, and
            // curl_multi_wakeup ends it as soon as the inbox changes.
            _ = curl_multi_poll(multi, nil, 0, 30_000, &ready)
        }
        abortAll()
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles.removeAll()
        curl_multi_cleanup(multi)
    }

    private func startWaitingTransfers() {
        while active.count < maxConcurrentTransfers, waitingHead < waiting.count {
            let submission = waiting[waitingHead]
            waitingHead += 1
            start(submission)
        }
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        } else if waitingHead > 1024, waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private func start(_ submission: CurlSubmission) {
        let request = submission.request
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            submission.resume(
                .failure(
                    FetchError(
                        kind: .transport,
                        method: request.method,
                        url: request.url,
                        message: "libcurl could not create a transfer handle (out of memory?)"
                    )
                )
            )
            return
        }
        let transfer = CurlTransfer(submission: submission, easy: easy)
        if let problem = CurlEasyConfiguration.configure(transfer, userAgent: userAgent) {
            finish(transfer, with: .failure(problem), added: false)
            return
        }
        let added = curl_multi_add_handle(multi, easy)
        guard added == CURLM_OK else {
            let reason = String(cString: curl_multi_strerror(added))
            finish(
                transfer,
                with: .failure(
                    FetchError(kind: .transport, method: request.method, url: request.url, message: reason)
                ),
                added: false
            )
            return
        }
        active[easy] = transfer
        activeByID[submission.id] = easy
    }

    private func collectCompletions() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            guard let transfer = active[easy] else { continue }
            finish(transfer, with: CurlCompletion.result(of: transfer, code: code), added: true)
        }
    }

    private func cancelOnWorker(_ id: UInt64) {
        if let easy = activeByID[id], let transfer = active[easy] {
            finish(transfer, with: .failure(Self.cancelledError(transfer.request, reason: "cancelled")), added: true)
            return
        }
        if let index = waiting[waitingHead...].firstIndex(where: { $0.id == id }) {
            let submission = waiting.remove(at: index)
            submission.resume(.failure(Self.cancelledError(submission.request, reason: "cancelled")))
        }
        // Otherwise the transfer already completed: nothing to do.
    }

    /// Removes the transfer from libcurl, recycles its handle and resumes its caller, exactly once.
    private func finish(_ transfer: CurlTransfer, with result: Result<HTTPResponse, FetchError>, added: Bool) {
        let easy = transfer.easy
        if added { curl_multi_remove_handle(multi, easy) }
        active[easy] = nil
        activeByID[transfer.submission.id] = nil
        curl_easy_reset(easy)
        if idleHandles.count < maxConcurrentTransfers {
            idleHandles.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
        transfer.submission.resume(result)
    }

    private func abortAll() {
        let reason = "cancelled: the HTTP worker shut down"
        for transfer in Array(active.values) {
            finish(transfer, with: .failure(Self.cancelledError(transfer.request, reason: reason)), added: true)
        }
        for submission in waiting[waitingHead...] {
            submission.resume(.failure(Self.cancelledError(submission.request, reason: reason)))
        }
        waiting.removeAll()
        waitingHead = 0
        // Submissions that raced with shutdown (taken under the same lock that set the flag).
        let late = inbox.withLock { inbox in
            defer { inbox.submissions.removeAll() }
            return inbox.submissions
        }
        for submission in late {
            submission.resume(.failure(Self.cancelledError(submission.request, reason: reason)))
        }
    }

    private static func cancelledError(_ request: HTTPRequest, reason: String) -> FetchError {
        FetchError(kind: .cancelled, method: request.method, url: request.url, message: reason)
    }
}
