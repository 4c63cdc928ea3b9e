/// What the detector said about one entry, as the state database records it.
///
/// The store does not know the detector: the poller hands it a function from entry to verdict, called
/// inside the transaction that marks the entry seen, so an entry is scored exactly once and an alert
/// candidate can never be lost between "seen" and "recorded".
public struct EntryVerdict: Sendable, Equatable {
    public var score: Double
    public var threshold: Double
    public var isAlert: Bool
    /// The rules that fired, as the JSON array `score --jsonl` prints.
    public var rulesJSON: String

    public init(score: Double, threshold: Double, isAlert: Bool, rulesJSON: String) {
        self.score = score
        self.threshold = threshold
        self.isAlert = isAlert
        self.rulesJSON = rulesJSON
    }
}

/// Scores one entry of a feed; pure and cheap (it runs inside a write transaction).
public typealias EntryScorer = @Sendable (FeedEntry) -> EntryVerdict
