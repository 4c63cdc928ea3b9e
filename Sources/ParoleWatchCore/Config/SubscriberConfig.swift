/// A community group's webhook (`subscribers:` in the config).
public struct SubscriberConfig: Sendable, Equatable {
    /// Stable identifier: 1–64 characters from `A–Z a–z 0–9 . _ -`, unique among subscribers.
    public var id: String
    /// The `http://` or `https://` endpoint. May embed a token (Slack, Telegram): never log it.
    public var url: String
    /// Exactly one of `secret`, `secret_file`, `secret_credential`.
    public var secret: SecretSource
    /// Body format (`format`, default `json`).
    public var format: WebhookFormat
    /// When to deliver (`schedule`, default `immediate`).
    public var schedule: DeliverySchedule
    /// Only alerts scoring at least this much (`min_score`); nil for all.
    public var minScore: Double?
    /// Only alerts for posts in these languages (`languages`); nil for all.
    public var languages: [String]?

    /// Memberwise, with the config defaults for `format` and `schedule`.
    public init(
        id: String,
        url: String,
        secret: SecretSource,
        format: WebhookFormat = .json,
        schedule: DeliverySchedule = .immediate,
        minScore: Double? = nil,
        languages: [String]? = nil
    ) {
        self.id = id
        self.url = url
        self.secret = secret
        self.format = format
        self.schedule = schedule
        self.minScore = minScore
        self.languages = languages
    }
}
