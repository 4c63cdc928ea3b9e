import Crypto
import Foundation

/// What makes two posts "the same rumor": an exact hash of the normalized words, and a MinHash
/// signature of their word pairs for reposts with small edits.
///
/// Normalization is the detector's (case, accents, obfuscation undone) and only words count (symbols
/// such as `!` or quotation marks do not), so a repost that only changes emoji, capitals, accents,
/// punctuation or zero-width characters is an exact duplicate. Near-duplicates: an estimated Jaccard
/// similarity of the sets of consecutive word pairs of at least `nearDuplicateSimilarity` (0.7: one
/// or two words changed in a post of twenty, or a sentence added to a long one), for texts of at least
/// `minimumWordsForNearDuplicates` words — short posts group only when identical, since a few words in
/// common say little. The estimate uses `signatureLength` (64) hash functions: about ±0.06.
public struct TextFingerprint: Sendable, Equatable {
    public static let nearDuplicateSimilarity = 0.7
    public static let minimumWordsForNearDuplicates = 12
    public static let signatureLength = 64

    /// SHA-256 of the normalized words, hex.
    public var exact: String
    /// The MinHash signature: for each of the hash functions, the least hash over the word pairs.
    public var signature: [UInt32]
    public var wordCount: Int

    /// Fingerprints the normalized form of a post (title and text together).
    public init(normalized: NormalizedText) {
        var words: [ArraySlice<UInt8>] = []
        var start: Int?
        let bytes = normalized.bytes
        func close(_ end: Int) {
            if let begin = start, bytes[begin..<end].contains(where: Self.isWordByte) { words.append(bytes[begin..<end]) }
            start = nil
        }
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x20 { close(offset) } else if start == nil { start = offset }
        }
        close(bytes.count)
        wordCount = words.count
        exact = SHA256.hash(data: Array(words.joined(separator: [0x20]))).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        signature = Self.minHash(words)
    }

    /// Rebuilds a fingerprint read back from storage.
    public init(exact: String, signature: [UInt32], wordCount: Int) {
        self.exact = exact
        self.signature = signature
        self.wordCount = wordCount
    }

    /// The estimated Jaccard similarity of the two texts' word-pair sets (0…1).
    public func similarity(to other: TextFingerprint) -> Double {
        guard signature.count == other.signature.count, !signature.isEmpty else { return 0 }
        let same = zip(signature, other.signature).count { $0 == $1 }
        return Double(same) / Double(signature.count)
    }

    /// True when the two fingerprints are the same words, or near-duplicates of long enough texts.
    public func matches(_ other: TextFingerprint) -> Bool {
        if exact == other.exact { return true }
        guard wordCount >= Self.minimumWordsForNearDuplicates, other.wordCount >= Self.minimumWordsForNearDuplicates
        else { return false }
        return similarity(to: other) >= Self.nearDuplicateSimilarity
    }

    /// The signature as bytes (little-endian), for the database.
    public var signatureBytes: [UInt8] {
        signature.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    /// A signature read from `signatureBytes`.
    public static func signature(fromBytes bytes: [UInt8]) -> [UInt32] {
        stride(from: 0, to: bytes.count - 3, by: 4).map { index in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + $1]) << (8 * UInt32($1)) }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
    }

    static func minHash(_ words: [ArraySlice<UInt8>]) -> [UInt32] {
        var minimum = [UInt32](repeating: .max, count: signatureLength)
        guard !words.isEmpty else { return minimum }
        let width = min(2, words.count)
        for start in 0...(words.count - width) {
            var base: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the pair's bytes
            for word in words[start..<(start + width)] {
                for byte in word {
                    base ^= UInt64(byte)
                    base &*= 0x0000_0100_0000_01b3
                }
                base ^= 0x20
                base &*= 0x0000_0100_0000_01b3
            }
            for index in 0..<signatureLength {
                let value = UInt32(truncatingIfNeeded: mix(base &+ UInt64(index) &* 0x9e37_79b9_7f4a_7c15) >> 32)
                if value < minimum[index] { minimum[index] = value }
            }
        }
        return minimum
    }

    /// splitmix64's finalizer: one independent-looking hash per seed.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
