import Foundation

/// The scoring model as written in `model.yaml`: rules with weights, and the alert threshold.
///
/// Rules are data, reviewed like code (SpamAssassin's `body`/`describe`/`meta`, rspamd's composites):
/// each has an `UPPER_SNAKE` id, a description that explains the alert, a weight, and one matcher.
/// Ids starting with `__` are building blocks for `near` and `meta` rules and never score alone.
public struct ScoringModel: Sendable, Equatable {
    /// A post alerts when its score reaches this.
    public var threshold: Double
    /// Claim rules matched inside a debunk scope count for this fraction of their weight.
    public var debunkDiscount: Double
    public var rules: [ModelRule]
    /// Where the model was read from (nil when built in code).
    public var fileURL: URL?

    public init(threshold: Double, debunkDiscount: Double = 0.2, rules: [ModelRule], fileURL: URL? = nil) {
        self.threshold = threshold
        self.debunkDiscount = debunkDiscount
        self.rules = rules
        self.fileURL = fileURL
    }
}

/// One rule of the model.
public struct ModelRule: Sendable, Equatable {
    /// What the rule matches.
    public enum Matcher: Sendable, Equatable {
        /// Any of these phrases, on token boundaries of the normalized text; a trailing `*` matches a token prefix.
        case phrases([String])
        /// One match of each of these rules within `window` tokens (in this order when `ordered`).
        case near(rules: [String], window: Int, ordered: Bool)
        /// A boolean expression over other rules (`A && (B || !C)`).
        case meta(RuleExpression)
        /// A regular expression over the normalized text (lowercase, accents removed, tokens split by spaces).
        case pattern(String)
        /// A token that needed de-obfuscation (zero-width characters, look-alike letters, leetspeak,
        /// spaced letters) inside a match of one of these rules.
        case obfuscated(rules: [String])
    }

    /// How a rule takes part in debunk scopes.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        /// Evidence for a claim: discounted inside a debunk scope.
        case claim
        /// A debunk or warning cue: opens a debunk scope (if it has a `scope`).
        case debunk
        /// Neither: counts as weighted wherever it matches, except that a positive one (a seller's own warning) is
        /// discounted when all it matched sits in quotations of a post with a debunk cue (a fact-check quoting the ad).
        case neutral
    }

    /// Which part of a post a rule reads.
    public enum Field: String, Sendable, Equatable, CaseIterable {
        case title, text, any
    }

    /// How far a debunk cue's scope reaches.
    public enum Scope: Sendable, Equatable {
        /// The whole post: a verdict such as "es falso", "fake", "se pa vre".
        case post
        /// This many tokens after the cue (and the quotation that follows it): "circula este mensaje", "dice:".
        case following(tokens: Int)
        /// Only the quotations of the post: evidence against the rumor that is no verdict on the whole post ("the
        /// program ended in 2025" is said by rumors too, "it ended, but now it is back") still says that what the
        /// post puts in quotation marks is reported, not asserted.
        case quotations
    }

    public var id: String
    public var description: String
    public var weight: Double
    public var matcher: Matcher
    public var role: Role
    public var field: Field
    /// Post languages the rule applies to; nil for all (and for posts of unknown language).
    public var languages: [String]?
    /// For debunk cues: the scope the cue opens; nil for a cue that only weighs.
    public var scope: Scope?
    /// Rules whose matches this rule's matches cancel where they overlap ("no es estafa" cancels "estafa").
    public var cancels: [String]
    /// Texts this rule must fire on, and texts it must stay silent on (checked by `check-config` and the tests).
    public var examplesFiring: [String]
    public var examplesSilent: [String]

    /// A building block (`__ID`): never scores alone, never listed in a result.
    public var isBuildingBlock: Bool { id.hasPrefix("__") }

    public init(
        id: String,
        description: String = "",
        weight: Double = 0,
        matcher: Matcher,
        role: Role? = nil,
        field: Field = .any,
        languages: [String]? = nil,
        scope: Scope? = nil,
        cancels: [String] = [],
        examplesFiring: [String] = [],
        examplesSilent: [String] = []
    ) {
        self.id = id
        self.description = description
        self.weight = weight
        self.matcher = matcher
        self.role = role ?? (weight < 0 || scope != nil ? .debunk : weight > 0 ? .claim : .neutral)
        self.field = field
        self.languages = languages
        self.scope = scope
        self.cancels = cancels
        self.examplesFiring = examplesFiring
        self.examplesSilent = examplesSilent
    }
}
