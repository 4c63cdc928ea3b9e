/// The HTTP methods ParoleWatch sends: `GET` for feeds, `POST` for webhooks.
public enum HTTPMethod: String, Sendable {
    case get = "GET"
    case post = "POST"
}
