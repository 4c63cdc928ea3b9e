import Crypto

/// What makes two posts "the same rumor": an exact hash of the normalized text, and a 64-bit SimHash
/// over its 3-token shingles for reposts with small edits.
///
/// Normalization is the detector's (case, accents, obfuscation undone), so a repost that only changes
/// emoji, capitals, accents or zero-width characters is an exact duplicate. Near-duplicates: SimHashes
/// within `nearDuplicateDistance` bits (3 of 64: roughly a sentence changed in a post of a few
/// sentences), for texts of at least `minimumTokensForNearDuplicates` tokens — short posts group only
/// when identical, since a few words in common say little.
public struct TextFingerprint: Sendable, Equatable {
    public static let nearDuplicateDistance = 3
    public static let minimumTokensForNearDuplicates = 12

    /// SHA-256 of the normalized text, hex.
    public var exact: String
    public var simHash: UInt64
    public var tokenCount: Int

    /// Fingerprints the normalized form of a post (title and text together).
    public init(normalized: NormalizedText) {
        let bytes = normalized.bytes
        exact = SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        var tokens: [ArraySlice<UInt8>] = []
        var start: Int?
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x20 {
                if let begin = start { tokens.append(bytes[begin..<offset]) }
                start = nil
            } else if start == nil {
                start = offset
            }
        }
        if let begin = start { tokens.append(bytes[begin...]) }
        tokenCount = tokens.count
        simHash = Self.simHash(tokens)
    }

    /// True when the two fingerprints are the same text, or near-duplicates of long enough texts.
    public func matches(_ other: TextFingerprint) -> Bool {
        if exact == other.exact { return true }
        guard tokenCount >= Self.minimumTokensForNearDuplicates,
            other.tokenCount >= Self.minimumTokensForNearDuplicates
        else { return false }
        return (simHash ^ other.simHash).nonzeroBitCount <= Self.nearDuplicateDistance
    }

    static func simHash(_ tokens: [ArraySlice<UInt8>]) -> UInt64 {
        guard !tokens.isEmpty else { return 0 }
        let width = min(3, tokens.count)
        var counts = [Int](repeating: 0, count: 64)
        for start in 0...(tokens.count - width) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the shingle's bytes
            for token in tokens[start..<(start + width)] {
                for byte in token {
                    hash ^= UInt64(byte)
                    hash &*= 0x0000_0100_0000_01b3
                }
                hash ^= 0x20
                hash &*= 0x0000_0100_0000_01b3
            }
            hash = mix(hash)
            for bit in 0..<64 { counts[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where counts[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    /// A finalizer (splitmix64) so nearby FNV values spread over all bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
