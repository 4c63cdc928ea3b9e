/// Reads and writes the duration syntax of the configuration file: an unsigned integer followed by a unit,
/// `500ms`, `20s`, `10m`, `1h`, `1d`, or several such parts from the largest unit down (`1h30m`, `2m30s`).
///
/// A bare number is not a duration (is `30` seconds or minutes?); callers report it with a hint to add a unit.
/// Pure and synchronous; linear in the length of the text.
public enum DurationParser {
    /// The units, largest first, with their length in milliseconds.
    static let units: [(symbol: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Parses `text` (surrounding spaces ignored), or returns nil when it is not a duration.
    ///
    /// Each unit may appear once, in decreasing order (`1h30m`, not `30m1h`); `0s` is a valid (zero) duration.
    public static func parse(_ text: String) -> Duration? {
        let bytes = Array(text.trimmingConfigSpaces().utf8)
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var total: Int64 = 0
        var lastUnitRank = -1
        while index < bytes.count {
            let digitsStart = index
            var number: Int64 = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                number = sum
                index += 1
            }
            guard index > digitsStart else { return nil }
            let unitStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "a"), bytes[index] <= UInt8(ascii: "z") {
                index += 1
            }
            let symbol = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let rank = units.firstIndex(where: { $0.symbol == symbol }), rank > lastUnitRank else { return nil }
            lastUnitRank = rank
            let (part, overflow1) = number.multipliedReportingOverflow(by: units[rank].milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
        }
        return .milliseconds(total)
    }

    /// Formats `duration` in the same syntax, largest units first: `10m`, `1h30m`, `500ms`, `0s`.
    ///
    /// Sub-millisecond parts are dropped; `parse(format(d)) == d` for any whole number of milliseconds.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow1) = seconds.multipliedReportingOverflow(by: 1_000)
        let (milliseconds, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !overflow1, !overflow2 else { return "\(seconds)s" }
        guard milliseconds != 0 else { return "0s" }
        var text = milliseconds < 0 ? "-" : ""
        var remaining = milliseconds.magnitude
        for unit in units where remaining >= UInt64(unit.milliseconds) {
            text += "\(remaining / UInt64(unit.milliseconds))\(unit.symbol)"
            remaining %= UInt64(unit.milliseconds)
        }
        return text
    }
}

extension String {
    /// The text without leading and trailing ASCII spaces and tabs (Foundation-free).
    func trimmingConfigSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
