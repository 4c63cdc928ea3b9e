import Foundation

/// One post that alerted, as moderators receive it: a self-explaining file in the alert spool.
///
/// The JSON form (keys, `null`s, RFC 3339 dates) is fixed by `INTERFACE.md`, "Alert files"; see `Alert+JSON.swift`.
/// Dates are kept to the whole second, as the file stores them, so an alert read back from its file equals the
/// alert that was written (the setters truncate; nothing else is rounded).
public struct Alert: Sendable, Equatable {
    /// Assigned by the queue, stable for the life of the alert, and the spool's file name (`<id>.json`):
    /// 1–128 of `A–Z a–z 0–9 . _ -`, not starting with a dot (see `isValidID(_:)`), e.g. `A000042`.
    public var id: String
    /// When the alert was raised (whole seconds).
    public var createdAt: Date {
        get { createdAtSeconds }
        set { createdAtSeconds = newValue.truncatedToWholeSeconds }
    }
    private var createdAtSeconds: Date
    /// The feed the post was first seen in.
    public var feed: Feed
    /// The post as it was scored.
    public var post: Post
    /// The post's score and the model's threshold it reached.
    public var score: Double
    public var threshold: Double
    /// The rules that fired, with the evidence a moderator can check.
    public var rules: [Rule]
    /// A calm, factual reply a moderator may post, in Spanish, English and Haitian Creole.
    public var suggestedReply: SuggestedReply
    /// How many reposts (the same post seen again, or the same text in another feed) were folded into this alert.
    public var duplicates: Int
    /// Where those reposts were seen.
    public var sources: [Source]

    /// Memberwise; `createdAt` is truncated to the whole second.
    public init(
        id: String,
        createdAt: Date,
        feed: Feed,
        post: Post,
        score: Double,
        threshold: Double,
        rules: [Rule],
        suggestedReply: SuggestedReply,
        duplicates: Int = 0,
        sources: [Source] = []
    ) {
        self.id = id
        self.createdAtSeconds = createdAt.truncatedToWholeSeconds
        self.feed = feed
        self.post = post
        self.score = score
        self.threshold = threshold
        self.rules = rules
        self.suggestedReply = suggestedReply
        self.duplicates = duplicates
        self.sources = sources
    }

    /// Whether `id` can name an alert file: 1–128 of `A–Z a–z 0–9 . _ -`, not starting with a dot, so it can
    /// never be a path, a hidden file, `.` or `..`.
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...128).contains(bytes.count), bytes[0] != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}

extension Alert {
    /// The feed an alert's post came from (`feed` in the file).
    public struct Feed: Sendable, Equatable {
        /// The feed's id in the feed list.
        public var id: String
        /// The feed's URL as configured.
        public var url: String

        public init(id: String, url: String) {
            self.id = id
            self.url = url
        }
    }

    /// The post that alerted (`post` in the file), with the title and text exactly as scored: the rules' byte
    /// offsets point into them.
    public struct Post: Sendable, Equatable {
        /// The feed entry's own id or guid, nil when the entry has none.
        public var id: String?
        public var link: String?
        public var title: String
        public var text: String
        /// When the feed says the post was published (whole seconds), nil when it does not say.
        public var published: Date? {
            get { publishedSeconds }
            set { publishedSeconds = newValue?.truncatedToWholeSeconds }
        }
        private var publishedSeconds: Date?
        /// The language code (`es`, `en`, `ht`, …) when known.
        public var lang: String?

        public init(id: String?, link: String?, title: String, text: String, published: Date?, lang: String?) {
            self.id = id
            self.link = link
            self.title = title
            self.text = text
            self.publishedSeconds = published?.truncatedToWholeSeconds
            self.lang = lang
        }
    }

    /// One rule that fired (`rules[]` in the file).
    public struct Rule: Sendable, Equatable {
        public var id: String
        /// What the rule added to the score (after any debunk discount).
        public var weight: Double
        /// Which field matched.
        public var field: PostField
        /// UTF-8 byte offsets into the original `post.title` or `post.text`; `match` is exactly that slice.
        public var start: Int
        public var end: Int
        public var match: String
        /// The rule's description from the model, explaining the alert to a moderator.
        public var description: String

        public init(
            id: String,
            weight: Double,
            field: PostField,
            start: Int,
            end: Int,
            match: String,
            description: String
        ) {
            self.id = id
            self.weight = weight
            self.field = field
            self.start = start
            self.end = end
            self.match = match
            self.description = description
        }

        /// A fired rule from the scorer, its weight rounded to three decimals as `score --json` prints it.
        public init(_ fired: FiredRule) {
            self.init(
                id: fired.id,
                weight: ScoreResult.rounded(fired.weight),
                field: fired.field,
                start: fired.start,
                end: fired.end,
                match: fired.match,
                description: fired.description
            )
        }
    }

    /// A reply a moderator may post under the rumor (`suggested_reply` in the file), one per language.
    public struct SuggestedReply: Sendable, Equatable {
        /// Spanish.
        public var es: String
        /// English.
        public var en: String
        /// Haitian Creole.
        public var ht: String

        public init(es: String, en: String, ht: String) {
            self.es = es
            self.en = en
            self.ht = ht
        }
    }

    /// A repost folded into the alert (`sources[]` in the file).
    public struct Source: Sendable, Equatable {
        /// The id of the feed the repost was seen in.
        public var feed: String
        /// The repost's entry id or guid, nil when it has none.
        public var postID: String?
        public var link: String?
        /// When ParoleWatch saw the repost (whole seconds).
        public var seenAt: Date {
            get { seenAtSeconds }
            set { seenAtSeconds = newValue.truncatedToWholeSeconds }
        }
        private var seenAtSeconds: Date

        public init(feed: String, postID: String?, link: String?, seenAt: Date) {
            self.feed = feed
            self.postID = postID
            self.link = link
            self.seenAtSeconds = seenAt.truncatedToWholeSeconds
        }
    }
}

extension Date {
    /// The same instant without its fraction of a second (towards the past), as RFC 3339 files store it.
    var truncatedToWholeSeconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970).rounded(.down))
    }
}
