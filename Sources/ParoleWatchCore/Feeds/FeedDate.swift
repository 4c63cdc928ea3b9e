import Foundation

/// Parses the date formats feeds use, the way Python feedparser does (its W3DTF, RFC 822 and asctime
/// handlers, tried in that order), so that entry dates agree with the reference implementation.
///
/// RFC 822/1123 with odd forms: no weekday, wrong weekday, 2-digit years (< 90 → 20xx), missing seconds,
/// named zones (GMT, UT, UTC, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT, …), `+hhmm`/`-hh:mm`, military letters
/// (per RFC 1123 §5.2.14 letters other than Z, A, M, N, Y are unreliable and read as +0000), extra spaces.
/// RFC 3339 / ISO 8601: `T` or space, fractional seconds, no zone (UTC), date only. Results are whole
/// seconds (fractions are truncated, as feedparser does). Pure; a few microseconds per date.
enum FeedDate {
    private static let zoneHours: [String: Int] = [
        "ut": 0, "gmt": 0, "z": 0, "utc": 0,
        "adt": -3, "ast": -4, "at": -4,
        "edt": -4, "est": -5, "et": -5,
        "cdt": -5, "cst": -6, "ct": -6,
        "mdt": -6, "mst": -7, "mt": -7,
        "pdt": -7, "pst": -8, "pt": -8,
        "a": -1, "n": 1, "m": -12, "y": 12,
        "met": 1, "mest": 2,
    ]
    private static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// The instant `text` names, or nil when no supported format matches.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        return parseW3DTF(trimmed) ?? parseRFC822(trimmed) ?? parseAsctime(trimmed)
    }

    // MARK: - W3DTF / RFC 3339 / ISO 8601

    private static func parseW3DTF(_ text: String) -> Date? {
        let lowered = text.lowercased()
        var parts = lowered.split(separator: "t", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            parts = parts[0].split(whereSeparator: \.isWhitespace).map(String.init)
            if parts.count == 1 { parts.append("00:00:00z") }
        } else if parts.count > 2 {
            return nil
        }
        guard parts.count >= 2 else { return nil }
        var date = parts[0].split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let first = date.first, first.count == 4 else { return nil }
        while date.count < 3 { date.append("1") }
        guard let year = pythonInt(date[0]), let month = pythonInt(date[1]), let day = pythonInt(date[2]) else {
            return nil
        }
        if parts[1].hasSuffix("z") {
            parts[1].removeLast()
            parts.append("z")
        }
        let time = parts[1]
        let zoneStart = time.firstIndex(of: "-") ?? time.firstIndex(of: "+") ?? time.endIndex
        parts.append(String(time[zoneStart...]))
        parts[1] = String(time[..<zoneStart])
        var clock = parts[1].split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        while clock.count < 3 { clock.append("0") }
        let zone = parts[2]
        var offsetMinutes = 0
        if let sign = zone.first, sign == "-" || sign == "+" {
            guard let hours = pythonInt(slice(zone, 1, 3)), let minutes = pythonInt(slice(zone, 4, nil)) else {
                return nil
            }
            offsetMinutes = (hours * 60 + minutes) * (sign == "-" ? -1 : 1)
        } else {
            offsetMinutes = (zoneHours[zone] ?? 0) * 60
        }
        guard let hour = pythonFloatInt(clock[0]), let minute = pythonFloatInt(clock[1]),
            let second = pythonFloatInt(clock[2])
        else { return nil }
        return makeDate(year, month, day, hour, minute, second, offsetMinutes: offsetMinutes)
    }

    // MARK: - RFC 822 / 1123

    private static func parseRFC822(_ text: String) -> Date? {
        var parts = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        if parts.count < 5 { parts += ["00:00:00", "0000"] }
        if let first = parts.first, dayNames.contains(String(first.prefix(3))) { parts.removeFirst() }
        guard parts.count >= 5 else { return nil }
        var month = months[String(parts[1].prefix(3))]
        var day: Int
        if let parsedDay = pythonInt(parts[0]) {
            day = parsedDay
        } else if let swappedMonth = months[String(parts[0].prefix(3))] {
            guard let parsedDay = pythonInt(parts[1]) else { return nil }
            day = parsedDay
            month = swappedMonth
        } else {
            return nil
        }
        guard let month, var year = pythonInt(parts[2]) else { return nil }
        if parts[2].count <= 2 { year += year < 90 ? 2000 : 1900 }
        var clock = parts[3].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        while clock.count < 3 { clock.append("0") }
        guard clock.count == 3, let hour = pythonInt(clock[0]), let minute = pythonInt(clock[1]),
            let second = pythonInt(clock[2])
        else { return nil }
        var zone = parts[4]
        if zone.hasPrefix("etc/") { zone.removeFirst(4) }
        if zone.hasPrefix("gmt") {
            let rest = zone.dropFirst(3).filter { $0 != ":" }
            zone = rest.isEmpty ? "gmt" : String(rest)
        }
        var offsetMinutes: Int
        if let sign = zone.first, sign == "-" || sign == "+" {
            let hours: Int?
            let minutes: Int?
            if zone.contains(":") {
                hours = pythonInt(slice(zone, 1, 3))
                minutes = pythonInt(slice(zone, 4, nil))
            } else {
                hours = pythonInt(slice(zone, 1, 3))
                minutes = pythonInt(slice(zone, 3, nil))
            }
            guard let hours, let minutes else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (sign == "-" ? -1 : 1)
        } else {
            offsetMinutes = (zoneHours[zone] ?? 0) * 60
        }
        return makeDate(year, month, day, hour, minute, second, offsetMinutes: offsetMinutes)
    }

    /// `Sun Jan  4 16:29:06 PST 2004` and `Sun Jan  4 16:29:06 2004`.
    private static func parseAsctime(_ text: String) -> Date? {
        var parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if parts.count == 5 { parts.insert("+0000", at: 4) }
        guard parts.count == 6 else { return nil }
        return parseRFC822([parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]].joined(separator: " "))
    }

    // MARK: - Pieces

    /// Python's `s[start:end]` on ASCII-ish text.
    private static func slice(_ text: String, _ start: Int, _ end: Int?) -> String {
        let characters = Array(text)
        let upper = min(end ?? characters.count, characters.count)
        guard start < upper else { return "" }
        return String(characters[start..<upper])
    }

    /// Python's `int(s)`: optional surrounding spaces and sign, ASCII digits only.
    private static func pythonInt(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 10 else { return nil }
        var digits = Substring(trimmed)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else {
            return nil
        }
        return negative ? -value : value
    }

    /// Python's `int(float(s))`: accepts fractions ("06.250" → 6).
    private static func pythonFloatInt(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite, abs(value) < 1e9 else { return nil }
        return Int(value)
    }

    /// The instant for a civil UTC-offset time; nil when any field is out of range (as Python's `datetime`).
    private static func makeDate(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, offsetMinutes: Int
    ) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= monthLengths[month - 1] else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
