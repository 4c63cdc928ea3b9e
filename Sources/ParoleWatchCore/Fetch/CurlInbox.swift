/// What callers leave for the worker thread: new transfers, cancellations and the shutdown flag.
///
/// Guarded by the `Mutex` in ``CurlMultiLoop``; the worker takes everything at once per loop turn.
struct CurlInbox: Sendable {
    var nextID: UInt64 = 1
    /// IDs handed out by `reserveID()` whose submission has not arrived yet.
    var reserved: Set<UInt64> = []
    /// Reserved IDs whose task was cancelled before submitting (cancel may precede start).
    var cancelledBeforeStart: Set<UInt64> = []
    var submissions: [CurlSubmission] = []
    var cancellations: [UInt64] = []
    var isShutDown = false
}
