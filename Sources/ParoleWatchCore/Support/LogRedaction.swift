import Foundation

/// Removes secrets that could slip into a log line through a value nobody meant to be secret: passwords in URLs
/// (`https://user:pass@host`), token-like query parameters (`?token=…`, `&api_key=…`, `&sig=…`) and webhook keys
/// (`whsec_…`). `ConsoleLogHandler` applies it to every message and metadata value, as a net under the rule
/// that code never logs secrets in the first place.
///
/// Pure; linear in the text's length, and it returns the text unchanged (no copy) when nothing matches cheaply.
public enum LogRedaction {
    /// What replaces a secret.
    public static let mask = "<redacted>"

    /// Query parameter names whose values are secrets (compared case-insensitively).
    static let secretParameters: Set<String> = [
        "token", "access_token", "auth", "key", "api_key", "apikey", "secret", "password", "passwd", "sig",
        "signature",
    ]

    /// `text` with URL credentials, secret query parameters and `whsec_` keys replaced by `<redacted>`.
    public static func redacted(_ text: String) -> String {
        guard text.contains("://") || text.contains("whsec_") || text.contains("=") else { return text }
        var result = redactingWebhookKeys(in: text)
        if result.contains("://") { result = redactingURLCredentials(in: result) }
        if result.contains("=") { result = redactingQueryParameters(in: result) }
        return result
    }

    /// `whsec_AbC…` → `whsec_<redacted>`.
    static func redactingWebhookKeys(in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "whsec_") {
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let key = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=_-".contains($0)) }
            if !key.isEmpty { output += mask }
            rest = rest.dropFirst(key.count)
        }
        return output + rest
    }

    /// `scheme://user:password@host` → `scheme://<redacted>@host`.
    static func redactingURLCredentials(in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "://") {
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let authority = rest.prefix { !"/?#\"' \t\n".contains($0) }
            if let at = authority.lastIndex(of: "@") {
                output += mask
                rest = rest[at...]
            }
        }
        return output + rest
    }

    /// `?token=abc&page=2` → `?token=<redacted>&page=2`: values of `secretParameters` after `?`, `&` or `;`.
    static func redactingQueryParameters(in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let separator = rest.firstIndex(where: { "?&;".contains($0) }) {
            let afterSeparator = rest.index(after: separator)
            output += rest[..<afterSeparator]
            rest = rest[afterSeparator...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            let afterName = rest.dropFirst(name.count)
            guard afterName.first == "=", secretParameters.contains(name.lowercased()) else { continue }
            let value = afterName.dropFirst().prefix { !"&;#\"' \t\n".contains($0) }
            output += name + "=" + (value.isEmpty ? "" : mask)
            rest = afterName.dropFirst(1 + value.count)
        }
        return output + rest
    }
}
