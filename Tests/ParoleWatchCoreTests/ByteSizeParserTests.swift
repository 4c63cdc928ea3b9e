import Testing

@testable import ParoleWatchCore

@Suite("ByteSizeParser")
struct ByteSizeParserTests {
    @Test(
        "reads binary and decimal units and bare byte counts",
        arguments: [
            ("512KiB", 524_288),
            ("15MiB", 15_728_640),
            ("1GiB", 1_073_741_824),
            ("100B", 100),
            ("1KB", 1_000),
            ("2MB", 2_000_000),
            ("1GB", 1_000_000_000),
            ("1024", 1_024),
            ("0", 0),
            ("15 MiB", 15_728_640),
            ("15mib", 15_728_640),
            ("1.5MiB", 1_572_864),
            (" 64KiB ", 65_536),
        ]
    )
    func parsesValidSizes(_ text: String, _ expected: Int) {
        #expect(ByteSizeParser.parse(text) == expected)
    }

    @Test(
        "rejects text without a number, unknown units, signs, fractional bytes and overflow",
        arguments: [
            "", "MiB", "15XB", "-1", "+1KiB", "1.5", "1.5.2MiB", "15 M", "1K", ".5MiB", "99999999999GiB", "15 MiB s",
        ]
    )
    func rejectsInvalidSizes(_ text: String) {
        #expect(ByteSizeParser.parse(text) == nil)
    }

    @Test(
        "formats with the largest binary unit that divides exactly",
        arguments: [(15_728_640, "15MiB"), (1_024, "1KiB"), (1_536, "1536B"), (1_073_741_824, "1GiB"), (0, "0B")]
    )
    func formats(_ bytes: Int, _ expected: String) {
        #expect(ByteSizeParser.format(bytes) == expected)
        #expect(ByteSizeParser.parse(expected) == bytes)
    }
}
