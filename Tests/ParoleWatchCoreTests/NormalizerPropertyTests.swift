import Testing

@testable import ParoleWatchCore

/// SplitMix64: a small seeded generator, so every property test run draws the same cases.
struct ScoringTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

@Suite("Normalizer properties")
struct NormalizerPropertyTests {
    private let normalizer = Normalizer()

    /// Pieces random posts are made of: ASCII words and symbols, accents, look-alikes, invisible characters, emoji,
    /// compatibility forms, quotes, syllables and sentence punctuation, weighted towards letters and spaces.
    private static let pieces: [String] = [
        "a", "e", "o", "p", "r", "l", "s", "n", "A", "P", "R", "O", "l", "x", "y", "z",
        "parole", "reabren", "CHNV", "el", "y", "a", "la",
        " ", " ", " ", "  ", "\n", ".", "-", "_", "*", ",", "'", "\"", "!", "?", ":", "$", "%", "@", "/", "#",
        "0", "1", "3", "4", "5", "7", "2", "9", "2026", "$250", "100%",
        "é", "ñ", "ó", "Ó", "ò", "ç", "ß", "È", "ü",
        "\u{0430}", "\u{043E}", "\u{0440}", "\u{0435}", "\u{041F}", "\u{0432}",  // Cyrillic а о р е П в
        "\u{03C1}", "\u{03B1}", "\u{03BF}", "\u{03A3}",  // Greek ρ α ο Σ
        "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{FE0F}", "\u{0301}",
        "😀", "🇺🇸", "👍🏽", "🙏",
        "\u{FF50}", "\u{FF04}", "\u{1D429}", "\u{FB01}", "\u{24C5}", "½", "™",
        "“", "”", "«", "»", "’", "‘", "申", "€", "\u{00B7}",
        "✅", "⭐", "ro", "bren", ";", "…", "\u{2014}", "\u{2013}", "\u{2022}", ". ", "-", ".",
    ]

    private static func randomText(_ random: inout ScoringTestRandom) -> String {
        let count = Int.random(in: 0...24, using: &random)
        var text = ""
        for _ in 0..<count { text += pieces.randomElement(using: &random) ?? "" }
        return text
    }

    @Test("normalizing twice changes nothing (3,000 seeded random posts)")
    func idempotent() {
        var random = ScoringTestRandom(seed: 0x5EED_0001)
        for _ in 0..<3_000 {
            let text = Self.randomText(&random)
            let once = normalizer.normalize(text)
            let twice = normalizer.normalize(once.text)
            #expect(twice.bytes == once.bytes, "input: \(text.debugDescription)")
        }
    }

    @Test("output is single-space separated tokens with one leading and one trailing space")
    func outputShape() {
        var random = ScoringTestRandom(seed: 0x5EED_0002)
        for _ in 0..<2_000 {
            let text = Self.randomText(&random)
            let result = normalizer.normalize(text)
            let bytes = result.bytes
            #expect(bytes.first == 0x20 && bytes.last == 0x20)
            let doubleSpace = zip(bytes, bytes.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
            #expect(!doubleSpace, "input: \(text.debugDescription)")
            #expect(result.tokenCount == bytes.filter { $0 == 0x20 }.count - 1 || result.tokenCount == 0)
            for span in result.obfuscatedSpans {
                #expect(bytes[span.lowerBound - 1] == 0x20 && bytes[span.upperBound] == 0x20)
            }
        }
    }

    @Test("the offset map is non-decreasing, on scalar boundaries, and each byte's range lies inside the text")
    func offsetMapInvariants() {
        var random = ScoringTestRandom(seed: 0x5EED_0003)
        for _ in 0..<2_000 {
            let text = Self.randomText(&random)
            let original = Array(text.utf8)
            let result = normalizer.normalize(text)
            #expect(result.originalStart.count == result.bytes.count)
            #expect(result.originalEnd.count == result.bytes.count)
            func isBoundary(_ offset: Int32) -> Bool {
                offset >= 0 && Int(offset) <= original.count
                    && (Int(offset) == original.count || original[Int(offset)] & 0xC0 != 0x80)
            }
            for index in result.bytes.indices {
                let start = result.originalStart[index]
                let end = result.originalEnd[index]
                #expect(isBoundary(start) && isBoundary(end) && start <= end, "input: \(text.debugDescription)")
                if index > 0 { #expect(result.originalStart[index - 1] <= start, "input: \(text.debugDescription)") }
            }
        }
    }

    /// Tokens of a normalized text, as normalized byte ranges.
    static func tokenRanges(_ result: NormalizedText) -> [Range<Int>] {
        (0..<result.tokenCount).map { result.tokenRange($0) }
    }

    @Test("the original slice of any run of whole tokens normalizes back to those tokens")
    func slicesNormalizeBack() {
        var random = ScoringTestRandom(seed: 0x5EED_0004)
        var checked = 0
        for _ in 0..<2_000 {
            // `@` reads as a separator only before an e-mail domain, which a slice may cut off: a documented exception.
            let text = Self.randomText(&random)
            guard !text.unicodeScalars.contains("@") else { continue }
            let original = Array(text.utf8)
            let result = normalizer.normalize(text)
            let tokens = Self.tokenRanges(result)
            for first in tokens.indices {
                for last in first..<min(first + 3, tokens.count) {
                    let normalized = tokens[first].lowerBound..<tokens[last].upperBound
                    let slice = String(decoding: original[result.originalRange(normalized)], as: UTF8.self)
                    // An apostrophe after a word closes a quotation only when an apostrophe opened one before it, which
                    // may lie outside the slice: a documented exception.
                    let closesQuote = tokens[(first + 1)..<(last + 1)].contains { token in
                        let source = String(decoding: original[result.originalRange(token)], as: UTF8.self)
                        return result.bytes[token].elementsEqual([UInt8(ascii: "\"")])
                            && ["'", "’", "‘"].contains(source)
                    }
                    if closesQuote { continue }
                    let expected = [0x20] + result.bytes[normalized] + [0x20]
                    #expect(
                        normalizer.normalize(slice).bytes == expected,
                        "input: \(text.debugDescription), slice: \(slice.debugDescription)"
                    )
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test("folds each CJK, Hangul and Yi letter to itself by the shortcut, exactly as the full folding step does")
    func identityLettersFoldToThemselves() {
        var checked = 0
        for range in [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3] {
            for value in stride(from: range.lowerBound, through: range.upperBound, by: 7) {
                guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
                #expect(ScalarFoldTable.stableFold(scalar) == ScalarFoldTable.fold(scalar), "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }

    @Test("decomposes scalars in one batch exactly as one at a time, combining marks and empty results included")
    func batchedDecompositionsMatchSingleOnes() {
        let scalars = (UInt32(0x80)..<0x3400).compactMap(Unicode.Scalar.init)
            + (UInt32(0xF900)..<0x1_0000).compactMap(Unicode.Scalar.init)
            + (UInt32(0x1_D400)..<0x1_D800).compactMap(Unicode.Scalar.init)
        let batch = CompatibilityDecompositions(of: scalars)
        #expect(batch.count == scalars.count)
        let single = CompatibilityDecompositions()
        var differing: [String] = []
        for scalar in scalars where batch[scalar] != single[scalar] {
            differing.append("U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
        // Letters that decompose, a lone combining mark, and a scalar that decomposes to nothing visible.
        #expect(batch[Unicode.Scalar(0xE9)!] == [Unicode.Scalar(0x65)!, Unicode.Scalar(0x301)!])
        #expect(batch[Unicode.Scalar(0xFB01)!] == [Unicode.Scalar(0x66)!, Unicode.Scalar(0x69)!])
        #expect(batch[Unicode.Scalar(0x301)!] == [Unicode.Scalar(0x301)!])
    }
}
