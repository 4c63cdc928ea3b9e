import Foundation

/// RFC 3339 timestamps in UTC, as every machine-readable output of ParoleWatch writes them.
public enum RFC3339 {
    /// `2026-12-01T03:36:49Z` (whole seconds, UTC).
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
