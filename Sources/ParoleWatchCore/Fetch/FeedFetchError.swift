/// Why a feed poll produced no outcome, split by what the scheduler does next.
public enum FeedFetchError: Error, CustomStringConvertible, Sendable {
    /// 429 or 503: the server asks us to come back later, after `retryAfter` when it said so.
    case retryLater(status: Int, retryAfter: Duration?)
    /// Any other non-2xx, non-304 status.
    case httpStatus(Int, url: String)
    /// No response at all (timeout, DNS, TLS, body too large, …).
    case transport(FetchError)

    public var description: String {
        switch self {
        case .retryLater(let status, let retryAfter):
            let after = retryAfter.map { " after \($0.roundedSecondsDescription)" } ?? ""
            return "server answered HTTP \(status): retry later\(after)"
        case .httpStatus(let status, let url):
            return "GET \(url): server answered HTTP \(status)"
        case .transport(let error):
            return error.description
        }
    }
}
