import Foundation

/// Parses the `Retry-After` header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
public enum RetryAfter {
    /// Longest wait we honor; a larger value is a server bug or hostile, not a plan.
    public static let maximum: Duration = .seconds(7 * 24 * 3600)

    /// The wait the header asks for, measured from `now`: negative or past values give `.zero`,
    /// values beyond 7 days give 7 days, and anything unparseable gives nil.
    /// Accepts the three HTTP-date forms (IMF-fixdate, RFC 850, asctime). Pure; no locale involved.
    public static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingHTTPWhitespace()
        guard !text.isEmpty else { return nil }
        if let seconds = parseDeltaSeconds(text) {
            return clamp(seconds)
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        let delta = date - now.timeIntervalSince1970
        return clamp(delta.rounded(.up))
    }

    private static func parseDeltaSeconds(_ text: String) -> Double? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Too many digits for Int: certainly beyond the cap.
        let seconds = Double(Int(digits.prefix(15)) ?? 0) * (digits.count > 15 ? 1e6 : 1)
        return negative ? -seconds : seconds
    }

    private static func clamp(_ seconds: Double) -> Duration {
        if seconds <= 0 { return .zero }
        if seconds >= 7 * 24 * 3600 { return maximum }
        return .seconds(Int64(seconds))
    }
}
