import Foundation
import GRDB

/// One webhook delivery: a digest part for one subscriber, sent (and retried) under one `webhook-id`.
public struct Delivery: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Not yet delivered; tried at `nextAttemptAt`.
        case pending
        /// A 2xx answer was recorded.
        case delivered
        /// Every attempt of the retry schedule failed; `webhook retry` makes it pending again.
        case dead
    }

    /// The `webhook-id` of every attempt: `msg_` and 32 hex digits.
    public var id: String
    public var subscriberID: String
    public var createdAt: Date
    /// The exact bytes signed and sent on every attempt.
    public var body: [UInt8]
    public var alertCount: Int
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Until when the receiver's `Retry-After` asked us to wait, if it did.
    public var retryAfterUntil: Date?
    public var lastAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var deliveredAt: Date?

    init(row: Row) {
        id = row["id"]
        subscriberID = row["subscriber_id"]
        createdAt = row["created_at"]
        body = Array(row["body"] as Data)
        alertCount = row["alert_count"]
        state = State(rawValue: row["state"]) ?? .pending
        attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]
        retryAfterUntil = row["retry_after_until"]
        lastAttemptAt = row["last_attempt_at"]
        lastStatus = row["last_status"]
        lastError = row["last_error"]
        deliveredAt = row["delivered_at"]
    }

    /// A new `webhook-id`.
    static func newID() -> String {
        "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
