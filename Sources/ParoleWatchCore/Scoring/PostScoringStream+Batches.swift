import Dispatch
import Foundation

extension PostScoringStream {
    /// Reads JSON lines from `input` to its end and writes one result line per non-blank line to `output`, in input
    /// order: what `score --jsonl` does.
    ///
    /// The input is read in chunks of `chunkSize` bytes; the complete lines of a chunk form a batch, scored on all
    /// cores at once (`parallel`) in contiguous slices whose results are then written in order, so memory stays
    /// about two chunks whatever the input size. Lines are split on `\n` bytes (dropping a `\r` before it) and
    /// invalid UTF-8 is repaired, as `readLine()` did; blank lines are skipped but still counted in line numbers.
    public func run(input: Int32, output: Int32, parallel: Bool = true, chunkSize: Int = 1 << 20)
        throws(PostScoringStreamError)
    {
        var reader = JSONLineReader(descriptor: input, chunkSize: chunkSize)
        while let batch = try reader.nextBatch() {
            for slice in results(of: batch, parallel: parallel) {
                try Self.write(slice, to: output)
            }
        }
    }

    /// The result lines of `batch`, as consecutive slices of output bytes.
    func results(of batch: JSONLineReader.Batch, parallel: Bool) -> [[UInt8]] {
        let lineCount = batch.lines.count
        let workers = parallel ? ProcessInfo.processInfo.activeProcessorCount : 1
        let sliceCount = max(1, min(lineCount, workers > 1 ? workers * 8 : 1))
        var slices = [[UInt8]](repeating: [], count: sliceCount)
        slices.withUnsafeMutableBufferPointer { slots in
            let slots = SliceSlots(base: slots)
            let score: @Sendable (Int) -> Void = { slice in
                let lines = (lineCount * slice / sliceCount)..<(lineCount * (slice + 1) / sliceCount)
                slots.base[slice] = resultLines(of: batch, lines: lines)
            }
            if sliceCount == 1 {
                score(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: sliceCount, execute: score)
            }
        }
        return slices
    }

    /// Result lines (each with its `\n`) for `batch.lines[lines]`.
    private func resultLines(of batch: JSONLineReader.Batch, lines: Range<Int>) -> [UInt8] {
        var writer = JSONLineWriter(capacity: lines.count * 128)
        var scratch = RuleSet.Scratch()
        batch.bytes.withUnsafeBufferPointer { buffer in
            for index in lines {
                let bytes = UnsafeBufferPointer(rebasing: buffer[batch.lines[index]])
                let lineNumber = batch.firstLineNumber + index
                if Self.isValidUTF8WithVisibleASCII(bytes) {
                    // Valid UTF-8 and not blank as it is: no repaired copy needed.
                    appendResult(forLine: bytes, lineNumber: lineNumber, to: &writer, scratch: &scratch)
                } else {
                    // Repairs invalid UTF-8 the way readLine() did.
                    var line = String(decoding: bytes, as: UTF8.self)
                    guard !Self.isBlank(line) else { continue }
                    line.withUTF8 { appendResult(forLine: $0, lineNumber: lineNumber, to: &writer, scratch: &scratch) }
                }
                writer.bytes.append(UInt8(ascii: "\n"))
            }
        }
        return writer.bytes
    }

    /// Whether `bytes` is well-formed UTF-8 (what `String(decoding:as:)` keeps unchanged) with at least one ASCII
    /// byte that is not white space (so the line is not blank).
    static func isValidUTF8WithVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var hasVisible = false
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time once a visible one was seen (a JSON line's first byte, as a rule).
            if hasVisible, index + 8 <= count, let base = bytes.baseAddress,
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                if lead != 0x20 && !(0x09...0x0D).contains(lead) { hasVisible = true }  // as isBlank reads it
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return hasVisible
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws(PostScoringStreamError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Foundation.write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw PostScoringStreamError(operation: .write, errorNumber: written < 0 ? errno : EIO)
            }
            offset += written
        }
    }
}

/// Where each slice of a batch puts its result.
///
/// @unchecked Sendable is sound: the buffer outlives `concurrentPerform` (which returns only when every iteration
/// has), and iteration `i` writes only element `i`, so no element is touched by two threads.
private struct SliceSlots: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<[UInt8]>
}

/// Reading the posts or writing the results failed.
public struct PostScoringStreamError: Error, Sendable, CustomStringConvertible {
    public enum Operation: Sendable {
        case read, write
    }

    public var operation: Operation
    public var errorNumber: Int32

    public var description: String {
        let reason = String(cString: strerror(errorNumber))
        switch operation {
        case .read: return "cannot read the posts from standard input: \(reason)"
        case .write: return "cannot write the results to standard output: \(reason)"
        }
    }
}
