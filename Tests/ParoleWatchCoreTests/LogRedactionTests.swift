import ParoleWatchCore
import Testing

@Suite("LogRedaction")
struct LogRedactionTests {
    @Test(
        "secrets are masked and the rest is kept",
        arguments: [
            ("https://user:pass@feeds.example/rss", "https://<redacted>@feeds.example/rss"),
            ("GET http://tok@h.example/a failed", "GET http://<redacted>@h.example/a failed"),
            ("https://h.example/f?api_key=XYZ&lang=es", "https://h.example/f?api_key=<redacted>&lang=es"),
            ("https://h.example/f?Token=XYZ#top", "https://h.example/f?Token=<redacted>#top"),
            ("secret whsec_abc+/=123 end", "secret whsec_<redacted> end"),
        ]
    )
    func masks(input: String, expected: String) {
        #expect(LogRedaction.redacted(input) == expected)
    }

    @Test(
        "text without secrets is unchanged",
        arguments: [
            "https://feeds.example/rss?page=2&lang=es",
            "feed poll failed: timed out after 20.0s",
            "mail@example.org wrote a = b & c",
            "",
        ]
    )
    func keeps(input: String) {
        #expect(LogRedaction.redacted(input) == input)
    }
}
