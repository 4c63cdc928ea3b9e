/// The cache validators a feed server gave us, sent back on the next poll for a conditional GET.
public struct FeedValidators: Sendable, Equatable, Codable {
    /// `ETag` of the last fetched body, sent back as `If-None-Match`.
    public var etag: String?
    /// `Last-Modified` of the last fetched body, sent back as `If-Modified-Since`.
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// No validators: the next fetch is unconditional.
    public static let none = FeedValidators()
}
