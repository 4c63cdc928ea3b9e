import ArgumentParser
import ParoleWatchCore

/// Parses `20s`, `10m`… for command-line options, as the config does.
enum DurationArgument {
    static func parse(_ text: String) throws -> Duration {
        guard let duration = DurationParser.parse(text) else {
            throw ValidationError("'\(text)' is not a duration: write a number and a unit, such as 500ms, 20s, 10m, 1h")
        }
        return duration
    }
}

/// Parses `512KiB`, `15MiB`… for command-line options, as the config does.
enum ByteSizeArgument {
    static func parse(_ text: String) throws -> Int {
        guard let size = ByteSizeParser.parse(text) else {
            throw ValidationError("'\(text)' is not a size: write a number and a unit, such as 512KiB or 15MiB")
        }
        return size
    }
}
