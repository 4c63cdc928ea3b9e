import Foundation
import Testing

@testable import ParoleWatchCore

/// The writer must print exactly what `JSONSerialization` (sorted keys, unescaped slashes) printed before it.
@Suite("JSON line writer")
struct JSONLineWriterTests {
    /// `{"x":value}` as JSONSerialization writes it.
    static func foundation(_ value: Any) -> String { JSONLine.encode(["x": value]) }

    static func written(_ body: (inout JSONLineWriter) -> Void) -> String {
        var writer = JSONLineWriter()
        writer.raw("{\"x\":")
        body(&writer)
        writer.raw("}")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("escapes every ASCII character as JSONSerialization does")
    func asciiEscapes() {
        for value in UInt32(0)..<0x80 {
            let text = "a" + String(Character(Unicode.Scalar(value)!)) + "b"
            #expect(Self.written { $0.string(text) } == Self.foundation(text), "U+\(String(value, radix: 16))")
        }
    }

    @Test(
        "leaves other characters as they are",
        arguments: [
            "é", "ñandú", "😀", "👍🏽", "\u{2028}\u{2029}", "\u{FEFF}", "\u{FFFD}", "a/b", "\u{0}x\u{1F}",
            "\"quoted\" \\ back",
            "e\u{301}", "𝐩𝐚𝐫𝐨𝐥𝐞", "",
        ]
    )
    func otherCharacters(_ text: String) {
        #expect(Self.written { $0.string(text) } == Self.foundation(text))
    }

    @Test("writes every score and weight rounded to thousandths as JSONSerialization does")
    func thousandths() {
        for thousandths in -30_000...30_000 {
            let value = Double(thousandths) / 1000
            let expected = Self.foundation(value)
            let actual = Self.written { $0.number(value) }
            if actual != expected {
                Issue.record("\(value): \(actual) ≠ \(expected)")
                return
            }
        }
    }

    @Test(
        "writes unusual doubles as JSONSerialization does",
        arguments: [
            0.0, -0.0, 4.5, 0.675, 3, -2.5, 0.1 + 0.2, 1e-5, -1e-7, 123_456.789, 1e14, 1e15, 1e16,
            9_007_199_254_740_992,
            -1e17, 1.5e300, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude,
        ]
    )
    func unusualDoubles(_ value: Double) {
        #expect(Self.written { $0.number(value) } == Self.foundation(value))
    }

    @Test(
        "writes integers and booleans as JSONSerialization does",
        arguments: [0, 5, 9, 10, -1, 42, 1_000_000, Int.max, Int.min]
    )
    func integers(_ value: Int) {
        #expect(Self.written { $0.integer(value) } == Self.foundation(value))
        #expect(Self.written { $0.bool(value > 0) } == Self.foundation(value > 0))
    }
}
