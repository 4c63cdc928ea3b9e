import Testing

@testable import ParoleWatchCore

@Suite("DurationParser")
struct DurationParserTests {
    @Test(
        "reads a number with a unit, and compound durations from the largest unit down",
        arguments: [
            ("500ms", Duration.milliseconds(500)),
            ("20s", .seconds(20)),
            ("10m", .seconds(600)),
            ("1h", .seconds(3_600)),
            ("1d", .seconds(86_400)),
            ("1h30m", .seconds(5_400)),
            ("2m30s", .seconds(150)),
            ("1s500ms", .milliseconds(1_500)),
            ("1d2h3m4s5ms", .milliseconds(93_784_005)),
            (" 15s ", .seconds(15)),
            ("0s", .zero),
            ("90m", .seconds(5_400)),
        ]
    )
    func parsesValidDurations(_ text: String, _ expected: Duration) {
        #expect(DurationParser.parse(text) == expected)
    }

    @Test(
        "rejects bare numbers, unknown units, fractions, signs, and out-of-order or repeated units",
        arguments: [
            "", " ", "20", "s", "1.5h", "10 m", "30m1h", "1h1h", "-5s", "+5s", "1w", "10M", "10S", "fast", "1h 30m",
            "99999999999999999999s", "9999999999999999d", "ms", "5mss",
        ]
    )
    func rejectsInvalidDurations(_ text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test(
        "formats with the largest units first and round-trips",
        arguments: [
            (Duration.seconds(600), "10m"),
            (.seconds(5_400), "1h30m"),
            (.milliseconds(500), "500ms"),
            (.zero, "0s"),
            (.seconds(90_061), "1d1h1m1s"),
            (.milliseconds(1_500), "1s500ms"),
        ]
    )
    func formats(_ duration: Duration, _ expected: String) {
        #expect(DurationParser.format(duration) == expected)
        #expect(DurationParser.parse(expected) == duration)
    }
}
