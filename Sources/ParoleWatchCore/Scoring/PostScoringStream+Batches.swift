import Dispatch
import Foundation

extension PostScoringStream {
    /// Reads JSON lines from `input` to its end and writes one result line per non-blank line to `output`, in input
    /// order: what `score --jsonl` does.
    ///
    /// The input is read in chunks of `chunkSize` bytes; the complete lines of a chunk form a batch, scored on all
    /// cores at once (`parallel`) in contiguous slices whose results are then written in order, so memory stays
    /// about three chunks whatever the input size. In parallel, the next batch is read and the last one written on
    /// threads of their own while a batch is scored (``BatchPrefetcher``, ``ResultWriter``). Lines are split on `\n`
    /// bytes (dropping a `\r` before it) and invalid UTF-8 is repaired, as `readLine()` did; blank lines are skipped
    /// but still counted in line numbers. Everything scored before a read or write fails is written first.
    public func run(input: Int32, output: Int32, parallel: Bool = true, chunkSize: Int = 1 << 20)
        throws(PostScoringStreamError)
    {
        let reader = JSONLineReader(descriptor: input, chunkSize: chunkSize)
        // One set of scoring buffers per slice, kept from batch to batch: grown once, to the size of the posts.
        var scratches: [LineScratch] = []
        guard parallel else {
            var reader = reader
            while let batch = try reader.nextBatch() {
                for slice in results(of: batch, parallel: false, scratches: &scratches) {
                    try Self.write(slice, to: output)
                }
            }
            return
        }
        let batches = BatchPrefetcher(reader)
        defer { batches.stop() }  // a write failed while the next batch was being read
        let writer = ResultWriter(descriptor: output)
        do throws(PostScoringStreamError) {
            while let batch = try batches.next() {
                try writer.enqueue(results(of: batch, parallel: true, scratches: &scratches))
            }
        } catch {
            try writer.finish()  // a failed write came first
            throw error
        }
        try writer.finish()
    }

    /// The result lines of `batch`, as consecutive slices of output bytes; slice `i` is scored in the buffers of
    /// `scratches[i]` (added when missing).
    private func results(
        of batch: JSONLineReader.Batch,
        parallel: Bool,
        scratches: inout [LineScratch]
    ) -> [[UInt8]] {
        let lineCount = batch.lines.count
        let workers = parallel ? ProcessInfo.processInfo.activeProcessorCount : 1
        let sliceCount = max(1, min(lineCount, workers > 1 ? workers * 8 : 1))
        while scratches.count < sliceCount { scratches.append(LineScratch()) }
        var slices = [[UInt8]](repeating: [], count: sliceCount)
        slices.withUnsafeMutableBufferPointer { slots in
            scratches.withUnsafeMutableBufferPointer { scratches in
                let slots = SliceSlots(base: slots, scratches: scratches)
                let score: @Sendable (Int) -> Void = { slice in
                    let lines = (lineCount * slice / sliceCount)..<(lineCount * (slice + 1) / sliceCount)
                    slots.base[slice] = resultLines(of: batch, lines: lines, scratch: &slots.scratches[slice])
                }
                if sliceCount == 1 {
                    score(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: sliceCount, execute: score)
                }
            }
        }
        return slices
    }

    /// Result lines (each with its `\n`) for `batch.lines[lines]`.
    private func resultLines(
        of batch: JSONLineReader.Batch,
        lines: Range<Int>,
        scratch: inout LineScratch
    ) -> [UInt8] {
        var writer = JSONLineWriter(capacity: lines.count * 128)
        batch.bytes.withUnsafeBufferPointer { buffer in
            for index in lines {
                let bytes = UnsafeBufferPointer(rebasing: buffer[batch.lines[index]])
                let lineNumber = batch.firstLineNumber + index
                if Self.startsWithVisibleASCII(bytes) {
                    // Not blank, and read as it is: invalid UTF-8 in it is repaired field by field, into the same
                    // text a repaired copy of the whole line would give (a field ends at an ASCII `"`, which no
                    // damaged sequence can straddle).
                    appendResult(forLine: bytes, lineNumber: lineNumber, to: &writer, scratch: &scratch)
                } else {
                    // Repairs invalid UTF-8 the way readLine() did.
                    var line = String(decoding: bytes, as: UTF8.self)
                    guard !Self.isBlank(line) else { continue }
                    line.withUTF8 { appendResult(forLine: $0, lineNumber: lineNumber, to: &writer, scratch: &scratch) }
                }
                writer.byte(UInt8(ascii: "\n"))
            }
        }
        return writer.bytes
    }

    /// Whether the first byte of `bytes` that is not ASCII white space is a visible ASCII character (a JSON line's
    /// `{`, as a rule): then the line is not blank. Anything else (nothing, a non-ASCII character) is left to the
    /// slow path, where ``isBlank(_:)`` decides on a repaired copy.
    static func startsWithVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte != 0x20 && !(0x09...0x0D).contains(byte) { return byte < 0x80 }
        return false
    }

    static func write(_ bytes: [UInt8], to descriptor: Int32) throws(PostScoringStreamError) {
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

/// Where each slice of a batch puts its result, and the scoring buffers it uses.
///
/// @unchecked Sendable is sound: the buffers outlive `concurrentPerform` (which returns only when every iteration
/// has), and iteration `i` touches only element `i` of each, so no element is touched by two threads.
private struct SliceSlots: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<[UInt8]>
    let scratches: UnsafeMutableBufferPointer<PostScoringStream.LineScratch>
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
