import Foundation

/// Reads a file descriptor in large chunks and hands out whole lines in batches, split on `\n` bytes (a `\r` before
/// it is dropped too, as `readLine()` does); a last line without a line break counts.
///
/// A batch holds the complete lines of one or more chunks, so memory stays near ``chunkSize`` plus the longest line.
struct JSONLineReader {
    /// Lines read from one or more chunks: `bytes[lines[i]]` is line number `firstLineNumber + i` (1-based),
    /// without its line break.
    struct Batch: Sendable {
        var bytes: [UInt8]
        var lines: [Range<Int>]
        var firstLineNumber: Int
    }

    let descriptor: Int32
    let chunkSize: Int
    /// Bytes read but not yet handed out (the start of a line).
    private var pending: [UInt8] = []
    private var isAtEnd = false
    private var nextLineNumber = 1

    init(descriptor: Int32, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.chunkSize = max(chunkSize, 1)
    }

    /// The next batch of lines, or nil at the end of the input.
    mutating func nextBatch() throws(PostScoringStreamError) -> Batch? {
        while !isAtEnd {
            let before = pending.count
            try readChunk()
            // Hand out every complete line once there is one (the rest waits for more bytes).
            if let lastBreak = pending[before...].lastIndex(of: UInt8(ascii: "\n")) {
                var bytes = pending
                pending = Array(pending[(lastBreak + 1)...])
                bytes.removeSubrange((lastBreak + 1)...)
                return makeBatch(bytes)
            }
        }
        guard !pending.isEmpty else { return nil }
        let bytes = pending
        pending = []
        return makeBatch(bytes)
    }

    private mutating func readChunk() throws(PostScoringStreamError) {
        let start = pending.count
        pending.reserveCapacity(start + chunkSize)
        var errorNumber: Int32 = 0
        var count = 0
        pending.append(contentsOf: repeatElement(0, count: chunkSize))
        while true {
            count = pending.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress.map { $0 + start }, chunkSize)
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { errorNumber = errno }
            break
        }
        pending.removeSubrange((start + max(count, 0))...)
        if count < 0 { throw PostScoringStreamError(operation: .read, errorNumber: errorNumber) }
        if count == 0 { isAtEnd = true }
    }

    private mutating func makeBatch(_ bytes: [UInt8]) -> Batch {
        var lines: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count {
                // memchr: the C library's search reads a word or a vector at a time, the generic one a byte.
                guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start) else {
                    lines.append(start..<buffer.count)  // the last line, without a line break: kept whole
                    break
                }
                let end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                lines.append(Self.stripped(start..<end, in: buffer))
                start = end + 1
            }
        }
        let batch = Batch(bytes: bytes, lines: lines, firstLineNumber: nextLineNumber)
        nextLineNumber += lines.count
        return batch
    }

    /// A line that ended with `\n`, without a final `\r` (`readLine()` strips `\r\n` as one line break).
    private static func stripped(_ line: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard !line.isEmpty, buffer[line.upperBound - 1] == 0x0D else { return line }
        return line.lowerBound..<(line.upperBound - 1)
    }
}
