/// Line numbers for byte offsets, computed on first use (most documents never need one).
///
/// A class so that the lazily built table is shared by every copy of the document; documents stay inside
/// one parse on one task, so it is deliberately not Sendable.
final class LineIndex {
    private let bytes: [UInt8]
    private var starts: [Int]?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The 1-based line holding `offset`.
    func line(at offset: Int) -> Int {
        let starts = self.starts ?? buildStarts()
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if starts[mid] <= offset { low = mid } else { high = mid }
        }
        return low + 1
    }

    private func buildStarts() -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        self.starts = starts
        return starts
    }
}
