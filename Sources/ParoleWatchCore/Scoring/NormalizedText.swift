/// A post's text after ``Normalizer/normalize(_:)``: lowercase ASCII-folded tokens joined by single spaces, with a map
/// from every normalized byte back to the original UTF-8 bytes it came from.
///
/// `bytes` always starts and ends with one space (`" reabren el parole "`; the empty text is `" "`), so a phrase
/// aligned on token boundaries is the byte string `" phrase "`. Every normalized byte maps to a whole original
/// scalar, so ``originalRange(_:)`` of a token-aligned range always lands on scalar boundaries of the original.
public struct NormalizedText: Sendable, Equatable {
    /// Normalized UTF-8: tokens separated by exactly one space (0x20), with one leading and one trailing space.
    public let bytes: [UInt8]
    /// For each normalized byte, the UTF-8 byte offset in the original text where its source character starts.
    /// Non-decreasing. A separator space maps to the original gap between its two tokens.
    public let originalStart: [Int32]
    /// For each normalized byte, the UTF-8 byte offset in the original just past its source character (past the
    /// whole run for a squeezed repeated letter).
    public let originalEnd: [Int32]
    /// Normalized-byte ranges (without the surrounding spaces) of tokens that needed de-obfuscation: a zero-width
    /// character or a pictograph removed inside a word, a look-alike letter mapped inside a word with Latin letters,
    /// leetspeak mapped, spaced/dotted letters or syllables joined. Ascending and disjoint.
    public let obfuscatedSpans: [Range<Int>]
    /// Number of tokens (words, kept symbols and sentence stops).
    public let tokenCount: Int
    /// Normalized offset of each token's first byte, ascending.
    let tokenStarts: [Int32]
    /// UTF-8 length of the original text.
    let originalLength: Int

    init(
        bytes: [UInt8],
        originalStart: [Int32],
        originalEnd: [Int32],
        obfuscatedSpans: [Range<Int>],
        tokenStarts: [Int32],
        originalLength: Int
    ) {
        self.bytes = bytes
        self.originalStart = originalStart
        self.originalEnd = originalEnd
        self.obfuscatedSpans = obfuscatedSpans
        self.tokenStarts = tokenStarts
        self.tokenCount = tokenStarts.count
        self.originalLength = originalLength
    }

    /// The normalized bytes as a string (always valid UTF-8).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Original UTF-8 byte range covered by normalized bytes `normalized` (upper bound exclusive), e.g. a phrase
    /// match: from the start of the first byte's source character to the end of the last byte's. An empty range maps
    /// to an empty range at its position. Bounds outside the text are clamped.
    public func originalRange(_ normalized: Range<Int>) -> Range<Int> {
        let lower = min(max(normalized.lowerBound, 0), bytes.count)
        let upper = min(max(normalized.upperBound, lower), bytes.count)
        guard lower < upper else {
            let position = lower < bytes.count ? Int(originalStart[lower]) : originalLength
            return position..<position
        }
        let start = Int(originalStart[lower])
        return start..<max(start, Int(originalEnd[upper - 1]))
    }

    /// Index (0-based) of the token containing normalized byte `offset`, for proximity rules. A separator space counts
    /// with the token before it, the leading space with token 0; offsets outside the text are clamped. Returns 0 when
    /// there are no tokens. O(log tokenCount).
    public func tokenIndex(at offset: Int) -> Int {
        max(tokenStarts.partitioningIndex { Int($0) > offset } - 1, 0)
    }

    /// Whether any obfuscated token overlaps normalized bytes `normalized`, e.g. whether a phrase match was disguised.
    /// O(log n) in the number of obfuscated tokens.
    public func containsObfuscation(in normalized: Range<Int>) -> Bool {
        guard !normalized.isEmpty else { return false }
        // The first span ending after the range starts.
        let first = obfuscatedSpans.partitioningIndex { $0.upperBound > normalized.lowerBound }
        return first < obfuscatedSpans.count && obfuscatedSpans[first].lowerBound < normalized.upperBound
    }

    /// Normalized byte range of token `index` (without spaces).
    func tokenRange(_ index: Int) -> Range<Int> {
        let start = Int(tokenStarts[index])
        let end = index + 1 < tokenStarts.count ? Int(tokenStarts[index + 1]) - 1 : bytes.count - 1
        return start..<end
    }
}
