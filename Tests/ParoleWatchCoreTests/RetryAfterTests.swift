import Foundation
import ParoleWatchCore
import Testing

@Suite("RetryAfter.parse")
struct RetryAfterTests {
    /// 2026-12-01 04:00:00 UTC.
    let now = Date(timeIntervalSince1970: 1_796_097_600)

    @Test(
        "delta-seconds",
        arguments: [("0", Duration.zero), ("1", .seconds(1)), ("120", .seconds(120)), (" 3600 ", .seconds(3600))]
    )
    func deltaSeconds(value: String, expected: Duration) {
        #expect(RetryAfter.parse(value, now: now) == expected)
    }

    @Test(
        "HTTP-dates in all three RFC 9110 forms",
        arguments: [
            "Tue, 01 Dec 2026 04:02:00 GMT",
            "Tuesday, 01-Dec-26 04:02:00 GMT",
            "Tue Dec  1 04:02:00 2026",
        ]
    )
    func httpDate(value: String) {
        #expect(RetryAfter.parse(value, now: now) == .seconds(120))
    }

    @Test(
        "negative and past values mean retry now",
        arguments: ["-5", "Sun, 06 Nov 1994 08:49:37 GMT", "Tue, 01 Dec 2026 03:59:59 GMT"]
    )
    func past(value: String) {
        #expect(RetryAfter.parse(value, now: now) == .zero)
    }

    @Test(
        "absurd values are capped at 7 days",
        arguments: ["99999999", "999999999999999999999999", "Fri, 01 Jan 2100 00:00:00 GMT"]
    )
    func capped(value: String) {
        #expect(RetryAfter.parse(value, now: now) == .seconds(7 * 24 * 3600))
    }

    @Test(
        "garbage gives nil",
        arguments: [
            "", "soon", "1.5", "12abc", "Tue, 32 Dec 2026 04:02:00 GMT", "Tue, 01 Foo 2026 04:02:00 GMT", "04:02:00",
        ]
    )
    func garbage(value: String) {
        #expect(RetryAfter.parse(value, now: now) == nil)
    }
}
