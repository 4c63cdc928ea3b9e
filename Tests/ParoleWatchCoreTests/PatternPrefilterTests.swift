import Foundation
import Testing

@testable import ParoleWatchCore

/// The regex prefilter may only ever skip the engine when the engine would find nothing.
@Suite("Pattern prefilter")
struct PatternPrefilterTests {
    private static func byteSet(_ text: String) -> PatternPrefilter.ByteSet {
        Array(text.utf8).withUnsafeBufferPointer { PatternPrefilter.ByteSet(of: $0) }
    }

    @Test("the shipped money and phone patterns need a digit or `$`")
    func shippedPatterns() throws {
        let money = try #require(
            PatternPrefilter(pattern: #"(\$ ?[0-9]|[0-9] ?\$|[0-9]+ (dolares|dollars|dola|usd|dolar)\b)"#)
        )
        let phone = try #require(PatternPrefilter(pattern: #"\b[0-9]{3} ?[0-9]{3} ?[0-9]{4}\b|\b555 ?0[0-9]{3}\b"#))
        #expect(!money.mayMatch(Self.byteSet(" reabren el parole humanitario ")))
        #expect(money.mayMatch(Self.byteSet(" $ 300 ")))
        #expect(!phone.mayMatch(Self.byteSet(" llama ya ")))
        #expect(phone.mayMatch(Self.byteSet(" 305 555 0142 ")))
    }

    @Test(
        "gives no prefilter for syntax it does not read or patterns that need no particular byte",
        arguments: [#"(?i)parole"#, #"\p{L}+"#, #"[[a-z]]"#, #"\Qa\E"#, "a*", "x|y*", "(?=a)", ".", "[^0-9]"]
    )
    func noPrefilter(_ pattern: String) {
        #expect(PatternPrefilter(pattern: pattern) == nil)
    }

    @Test("never rules out a text the pattern matches, on thousands of random texts")
    func sound() throws {
        let patterns = [
            #"(\$ ?[0-9]|[0-9] ?\$|[0-9]+ (dolares|dollars|dola|usd|dolar)\b)"#,
            #"\b[0-9]{3} ?[0-9]{3} ?[0-9]{4}\b|\b555 ?0[0-9]{3}\b"#, #"(?:pa|re)+role?\b"#, #"[a-c]{2,}x|\d\.\d"#,
            #"\bno (es|hay) [a-z]+"#, #"(?<n>ab)c?|e\s?f"#, #"[^a-z ]x"#, #"x[^a-z ]"#, "é|ñ+",
        ]
        let pieces = [
            " ", "a", "b", "c", "x", "e", "f", "$", "3", "0", "555", "pa", "re", "role", "no es ", "hay ", ".", "é",
            "ñ",
            "dolares", " usd", "-", "?",
        ]
        var random = ScoringTestRandom(seed: 11)
        var matched = 0
        var skipped = 0
        for pattern in patterns {
            let expression = try NSRegularExpression(pattern: pattern)
            let prefilter = PatternPrefilter(pattern: pattern)
            for _ in 0..<2000 {
                var text = ""
                for _ in 0..<Int.random(in: 1...12, using: &random) {
                    text += pieces.randomElement(using: &random) ?? ""
                }
                let length = (text as NSString).length
                let matches = expression.numberOfMatches(in: text, range: NSRange(location: 0, length: length))
                if matches > 0 { matched += 1 }
                guard let prefilter, !prefilter.mayMatch(Self.byteSet(text)) else { continue }
                skipped += 1
                if matches > 0 {
                    Issue.record("\(pattern) matches \(text.debugDescription) but the prefilter rules it out")
                    return
                }
            }
        }
        #expect(matched > 1000 && skipped > 1000)  // the texts exercise both sides
    }
}

extension PatternPrefilter {
    /// The prefilter's contract, for the tests: whether a text whose bytes are `present` might contain a match.
    func mayMatch(_ present: ByteSet) -> Bool {
        (bytes.words.0 & present.words.0) | (bytes.words.1 & present.words.1) | (bytes.words.2 & present.words.2)
            | (bytes.words.3 & present.words.3) != 0
    }
}

extension PatternPrefilter.ByteSet {
    /// Every byte of `bytes`, non-ASCII ones as the whole upper half (what ``insertNonASCII()`` covers).
    init(of bytes: UnsafeBufferPointer<UInt8>) {
        self.init()
        for byte in bytes where byte < 0x80 { insert(byte) }
        if bytes.contains(where: { $0 >= 0x80 }) { insertNonASCII() }
    }
}
