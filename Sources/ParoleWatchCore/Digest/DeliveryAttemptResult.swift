/// What one attempt to deliver a webhook came to.
public enum DeliveryAttemptResult: Sendable, Equatable {
    /// The receiver answered 2xx.
    case delivered(status: Int)
    /// The attempt failed and the delivery should be tried again per ``RetrySchedule`` (or declared dead after the
    /// last attempt): a non-2xx answer (3xx included: redirects are not followed), a timeout, a connection or TLS
    /// failure. `status` is nil when no answer came; `retryAfter` is the answer's `Retry-After`, when it had one;
    /// `reason` is a sentence for `status` and logs, without the URL (it may hold a token).
    case retry(status: Int?, retryAfter: Duration?, reason: String)
    /// The calling task was cancelled (shutdown) before an answer: not the receiver's fault, so not a failure to
    /// count; try again after restart with the same `webhook-id`.
    case cancelled
}
