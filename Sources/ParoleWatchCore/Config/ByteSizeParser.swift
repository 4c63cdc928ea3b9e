/// Reads the size syntax of the configuration file: a number and an optional unit, `512KiB`, `15MiB`, `1GiB`
/// (binary, powers of 1024), `KB`, `MB`, `GB` (decimal, powers of 1000), `B`; a bare integer is bytes.
///
/// Units are matched without regard to case (`15mib`), a space may separate number and unit (`15 MiB`), and the
/// number may have a fraction (`1.5MiB`, rounded down to whole bytes). Pure and synchronous.
public enum ByteSizeParser {
    static let units: [String: Double] = [
        "b": 1,
        "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000,
        "kib": 1_024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
    ]

    /// Parses `text` into a number of bytes, or returns nil when it is not a size (or does not fit in an `Int`).
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingConfigSpaces()
        let numberEnd = trimmed.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) ?? trimmed.endIndex
        let number = trimmed[..<numberEnd]
        let unit = trimmed[numberEnd...].trimmingPrefix(" ").lowercased()
        guard let first = number.first, first.isNumber, number.last?.isNumber == true else { return nil }
        let multiplier: Double
        if unit.isEmpty {
            multiplier = 1
        } else if let known = units[unit] {
            multiplier = known
        } else {
            return nil
        }
        if !number.contains("."), let whole = Int(number) {
            let (bytes, overflow) = whole.multipliedReportingOverflow(by: Int(multiplier))
            return overflow ? nil : bytes
        }
        guard unit != "", let value = Double(number) else { return nil }  // "1.5" bytes is meaningless
        let bytes = (value * multiplier).rounded(.down)
        guard bytes.isFinite, bytes < 9.0e18 else { return nil }
        return Int(bytes)
    }

    /// Formats `bytes` with the largest binary unit that divides it exactly: `15MiB`, `1536KiB`, `100B`.
    public static func format(_ bytes: Int) -> String {
        for (symbol, size) in [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1_024)]
        where bytes != 0 && bytes % size == 0 {
            return "\(bytes / size)\(symbol)"
        }
        return "\(bytes)B"
    }
}
