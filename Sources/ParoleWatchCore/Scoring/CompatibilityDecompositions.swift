import Foundation

/// Compatibility decompositions (NFKD) of many scalars, computed in one call to Foundation: the call costs far more
/// than the work it does, and the table needs some 20,000 of them. Each scalar is written between two U+0001
/// characters, which decompose to themselves and, as starters, keep combining marks from being reordered across
/// them; the result splits back on them. A scalar not given (or a batch that did not split back as expected) is
/// decomposed on its own when asked.
struct CompatibilityDecompositions {
    private var decomposed: [UInt32: [Unicode.Scalar]] = [:]

    init() {}

    init(of scalars: [Unicode.Scalar]) {
        guard !scalars.isEmpty else { return }
        let separator = Unicode.Scalar(UInt8(1))
        var joined = String.UnicodeScalarView()
        joined.append(separator)
        for scalar in scalars {
            joined.append(scalar)
            joined.append(separator)
        }
        let parts = String(joined).decomposedStringWithCompatibilityMapping.unicodeScalars
            .split(separator: separator, omittingEmptySubsequences: false)
        // The text starts and ends with a separator: one empty part before the first scalar and one after the last.
        guard parts.count == scalars.count + 2 else { return }
        decomposed.reserveCapacity(scalars.count)
        for (scalar, part) in zip(scalars, parts.dropFirst()) { decomposed[scalar.value] = Array(part) }
    }

    /// How many scalars the batch decomposed (0 when it did not split back as expected).
    var count: Int { decomposed.count }

    /// The compatibility decomposition of `scalar`.
    subscript(scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        decomposed[scalar.value] ?? Array(String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars)
    }
}
