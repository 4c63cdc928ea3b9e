/// The text a rule is scored on: a post's title or its body.
public enum PostField: String, Sendable, Equatable, Codable {
    case title, text
}

/// One rule that fired, with the evidence a moderator can check: where, and exactly what, it matched.
public struct FiredRule: Sendable, Equatable {
    public var id: String
    /// What the rule added to the score (after any debunk discount).
    public var weight: Double
    /// The weight written in the model.
    public var modelWeight: Double
    /// True when the match sat inside a debunk scope and counted for less.
    public var isDiscounted: Bool
    public var field: PostField
    /// UTF-8 byte offsets into the original, un-normalized field; `match` is exactly that slice.
    public var start: Int
    public var end: Int
    public var match: String
    public var description: String
}

/// A post's score, the verdict, and the rules that explain it.
public struct ScoreResult: Sendable, Equatable {
    public var score: Double
    public var threshold: Double
    public var rules: [FiredRule]
    /// Whether a debunk cue opened a scope covering the whole post.
    public var isDebunkedPost: Bool

    /// Alert iff the score reaches the threshold.
    public var isAlert: Bool { score >= threshold }
}

/// A post to score: its title (may be empty), text and, when known, language.
public struct ScoredPost: Sendable, Equatable {
    public var title: String
    public var text: String
    public var language: String?

    public init(title: String = "", text: String, language: String? = nil) {
        self.title = title
        self.text = text
        self.language = language
    }
}
