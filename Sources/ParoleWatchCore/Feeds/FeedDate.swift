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
        let trimmed = text.trimmedWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if let date = parseCommonForm(Array(trimmed.utf8)) { return date }
        return parseW3DTF(trimmed) ?? parseRFC822(trimmed) ?? parseAsctime(trimmed) ?? parseBasicISO8601(trimmed)
    }

    // MARK: - Fast path

    /// The two shapes nearly every feed uses, read straight from bytes: `Mon, 15 Jan 2024 10:00:00 +0000`
    /// (weekday optional, zone numeric or named) and `2024-01-15T10:00:00.5Z` (RFC 3339). Anything else
    /// returns nil and goes through the general, feedparser-compatible path, which gives the same instant
    /// for these shapes; this path only saves the string splitting.
    private static func parseCommonForm(_ b: [UInt8]) -> Date? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var value = 0
            for k in i..<(i + count) {
                let d = b[k] &- 0x30
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            i += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < n, b[i] == byte else { return false }
            i += 1
            return true
        }
        func isDigit(_ k: Int) -> Bool { k < n && b[k] &- 0x30 < 10 }
        func isLetter(_ k: Int) -> Bool { k < n && (b[k] | 0x20) >= 0x61 && (b[k] | 0x20) <= 0x7A }
        func word() -> String {
            var letters: [UInt8] = []
            while isLetter(i) {
                letters.append(b[i] | 0x20)
                i += 1
            }
            return String(decoding: letters, as: UTF8.self)
        }

        if isDigit(0) && isDigit(1) && isDigit(2) && isDigit(3) && n >= 19 {  // RFC 3339
            guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
                i < n, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20
            else { return nil }
            i += 1
            guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2)
            else { return nil }
            if expect(0x2E) {
                guard isDigit(i) else { return nil }
                while isDigit(i) { i += 1 }
            }
            var offset = 0
            if i < n, b[i] | 0x20 == 0x7A {
                i += 1
            } else if i < n, b[i] == 0x2B || b[i] == 0x2D {
                let sign = b[i] == 0x2D ? -1 : 1
                i += 1
                guard let hours = digits(2), expect(0x3A), let minutes = digits(2) else { return nil }
                offset = sign * (hours * 60 + minutes)
            } else {
                return nil
            }
            guard i == n else { return nil }
            return makeDate(year, month, day, hour, minute, second, offsetMinutes: offset)
        }

        if isLetter(0) {  // weekday
            guard dayNames.contains(String(word().prefix(3))), expect(0x2C), expect(0x20) else { return nil }
        }
        let dayStart = i
        while isDigit(i) && i - dayStart < 2 { i += 1 }
        guard i > dayStart, !isDigit(i), let day = Int(String(decoding: b[dayStart..<i], as: UTF8.self)),
            expect(0x20), let month = months[String(word().prefix(3))], expect(0x20)
        else { return nil }
        let yearStart = i
        while isDigit(i) { i += 1 }
        let yearLength = i - yearStart
        guard yearLength == 4 || yearLength == 2,
            var year = Int(String(decoding: b[yearStart..<i], as: UTF8.self)), expect(0x20)
        else { return nil }
        if yearLength == 2 { year += year < 90 ? 2000 : 1900 }
        guard let hour = digits(2), expect(0x3A), let minute = digits(2) else { return nil }
        var second = 0
        if expect(0x3A) {
            guard let s = digits(2) else { return nil }
            second = s
        }
        guard expect(0x20), i < n else { return nil }
        var offset: Int
        if b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            i += 1
            guard let hours = digits(2), let minutes = digits(2) else { return nil }
            offset = sign * (hours * 60 + minutes)
        } else {
            let zone = word()
            guard !zone.isEmpty, !zone.hasPrefix("gmt") || zone == "gmt" else { return nil }
            offset = (zoneHours[zone] ?? 0) * 60
        }
        guard i == n else { return nil }
        return makeDate(year, month, day, hour, minute, second, offsetMinutes: offset)
    }

    // MARK: - W3DTF / RFC 3339 / ISO 8601

    private static func parseW3DTF(_ text: String) -> Date? {
        let lowered = text.lowercased()
        var parts = lowered.split(separator: "t", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            parts = parts[0].feedWords()
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
            // feedparser reads "+0530" as +05:00 here (it skips a colon that is not there); we read it right.
            let hasColon = zone.contains(":")
            guard let hours = pythonInt(slice(zone, 1, 3)),
                let minutes = pythonInt(hasColon ? slice(zone, 4, nil) : slice(zone, 3, nil))
            else { return nil }
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
        var parts = text.lowercased().feedWords()
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
        var parts = text.feedWords()
        if parts.count == 5 { parts.insert("+0000", at: 4) }
        guard parts.count == 6 else { return nil }
        return parseRFC822([parts[0], parts[2], parts[1], parts[5], parts[3], parts[4]].joined(separator: " "))
    }

    /// ISO 8601 basic format: `20240115`, `20240115T1000Z`, `20240115T100000.5+0100`.
    private static func parseBasicISO8601(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= bytes.count else { return nil }
            var value = 0
            for b in bytes[i..<(i + count)] {
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            i += count
            return value
        }
        guard let year = number(4), let month = number(2), let day = number(2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var offsetMinutes = 0
        if i < bytes.count, bytes[i] == 0x54 || bytes[i] == 0x74 {  // T
            i += 1
            guard let h = number(2), let m = number(2) else { return nil }
            hour = h
            minute = m
            if let s = number(2) { second = s }
            if i < bytes.count, bytes[i] == 0x2E || bytes[i] == 0x2C {  // fraction, truncated
                i += 1
                while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            }
            if i < bytes.count {
                switch bytes[i] {
                case 0x5A, 0x7A:
                    i += 1
                case 0x2B, 0x2D:
                    let sign = bytes[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let zoneHours = number(2) else { return nil }
                    if i < bytes.count, bytes[i] == 0x3A { i += 1 }
                    let zoneMinutes = number(2) ?? 0
                    offsetMinutes = sign * (zoneHours * 60 + zoneMinutes)
                default:
                    return nil
                }
            }
        }
        guard i == bytes.count else { return nil }
        return makeDate(year, month, day, hour, minute, second, offsetMinutes: offsetMinutes)
    }

    // MARK: - Pieces

    /// Python's `s[start:end]` (by UTF-8 unit; date text is ASCII).
    private static func slice(_ text: String, _ start: Int, _ end: Int?) -> String {
        let utf8 = Array(text.utf8)
        let upper = min(end ?? utf8.count, utf8.count)
        guard start < upper else { return "" }
        return String(decoding: utf8[start..<upper], as: UTF8.self)
    }

    /// Python's `int(s)`: optional surrounding whitespace and sign, ASCII digits only.
    private static func pythonInt(_ text: String) -> Int? {
        var value = 0
        var digits = 0
        var negative = false
        var sawSign = false
        var trailingSpace = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                guard !trailingSpace, digits < 10 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            case 0x2B, 0x2D:
                guard digits == 0, !sawSign else { return nil }
                sawSign = true
                negative = byte == 0x2D
            case 0x20, 0x09:
                if digits > 0 || sawSign { trailingSpace = true }
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// Python's `int(float(s))`: accepts fractions ("06.250" → 6).
    private static func pythonFloatInt(_ text: String) -> Int? {
        if let value = pythonInt(text) { return value }
        let trimmed = text.trimmedWhitespace()
        guard let value = Double(trimmed), value.isFinite, abs(value) < 1e9 else { return nil }
        return Int(value)
    }

    /// The instant for a civil UTC-offset time; nil when any field is out of range (as Python's `datetime`).
    private static func makeDate(
        _ year: Int,
        _ month: Int,
        _ day: Int,
        _ hour: Int,
        _ minute: Int,
        _ second: Int,
        offsetMinutes: Int
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
