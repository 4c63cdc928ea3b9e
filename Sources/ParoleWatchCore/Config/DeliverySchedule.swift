/// When a subscriber's pending alerts are sent: as soon as each is queued, in a digest every fixed interval,
/// or once a day at a local wall-clock time.
///
/// Config syntax: `immediate`, `every 30m` (any duration of at least 1s, see `DurationParser`), `daily 07:30`
/// (hour 00–23, minute 00–59; a one-digit hour such as `7:30` is accepted). `description` gives the same syntax.
public enum DeliverySchedule: Sendable, Equatable, CustomStringConvertible {
    /// Each alert is sent as soon as it is queued.
    case immediate
    /// Pending alerts go out together once per interval.
    case every(Duration)
    /// Pending alerts go out together once a day at this local time (hour 0–23, minute 0–59).
    case daily(hour: Int, minute: Int)

    /// The config syntax: `immediate`, `every 1h`, `daily 07:30`.
    public var description: String {
        switch self {
        case .immediate:
            return "immediate"
        case .every(let interval):
            return "every \(DurationParser.format(interval))"
        case .daily(let hour, let minute):
            return "daily \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
        }
    }

    /// Parses the config syntax, or explains what is wrong in a sentence fit for a `ConfigProblem`.
    static func parse(_ text: String) -> Result<DeliverySchedule, ConfigValueError> {
        let example = "expected 'immediate', 'every DURATION' (every 1h) or 'daily HH:MM' (daily 07:30)"
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        switch (words.first.map { $0.lowercased() }, words.count) {
        case ("immediate", 1):
            return .success(.immediate)
        case ("every", 2):
            guard let interval = DurationParser.parse(String(words[1])) else {
                return .failure(ConfigValueError("'\(words[1])' is not a duration such as 30m or 1h"))
            }
            guard interval >= .seconds(1) else {
                return .failure(ConfigValueError("the interval must be at least 1s, got '\(words[1])'"))
            }
            return .success(.every(interval))
        case ("daily", 2):
            let parts = words[1].split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let hour = Int(parts[0]), let minute = Int(parts[1])
            else {
                return .failure(ConfigValueError("'\(words[1])' is not a time; write HH:MM, such as 07:30"))
            }
            guard (0...23).contains(hour), (0...59).contains(minute) else {
                return .failure(ConfigValueError("'\(words[1])' is not a time of day; hours run 00–23, minutes 00–59"))
            }
            return .success(.daily(hour: hour, minute: minute))
        default:
            return .failure(ConfigValueError("\(example), got '\(text)'"))
        }
    }
}
