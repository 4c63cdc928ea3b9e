import Dispatch
import Foundation

/// Reads the next batch on a thread of its own while the current one is scored, so reading and splitting lines does
/// not hold up the scoring threads between batches.
///
/// @unchecked Sendable is sound: the reader and the fetched result are touched either by the reading queue (between
/// ``prefetch()`` and the signal of `ready`) or by the caller of ``next()`` (after waiting on `ready`), never by both
/// at once; the semaphore orders the two. `isReading` is only touched by the caller.
final class BatchPrefetcher: @unchecked Sendable {
    private var reader: JSONLineReader
    private var fetched: Result<JSONLineReader.Batch?, PostScoringStreamError>?
    private var isReading = false
    private let ready = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "parolewatch.score.read")

    /// Starts reading the first batch.
    init(_ reader: JSONLineReader) {
        self.reader = reader
        prefetch()
    }

    /// The batch read ahead (waiting for it if need be), and starts reading the one after it; nil at the end.
    func next() throws(PostScoringStreamError) -> JSONLineReader.Batch? {
        guard isReading else { return nil }
        ready.wait()
        isReading = false
        let result = fetched
        fetched = nil
        switch result {
        case .success(let batch?):
            prefetch()
            return batch
        case .failure(let error):
            throw error
        case .success(nil), nil:
            return nil
        }
    }

    /// Waits for a read in flight to end, so that nothing reads the input once the caller is done with it (its
    /// descriptor may be closed, and its number given to another file).
    func stop() {
        guard isReading else { return }
        ready.wait()
        isReading = false
    }

    private func prefetch() {
        isReading = true
        queue.async {
            do throws(PostScoringStreamError) {
                self.fetched = .success(try self.reader.nextBatch())
            } catch {
                self.fetched = .failure(error)
            }
            self.ready.signal()
        }
    }
}

/// Writes result batches on a thread of its own, one batch at a time and in order, so the scoring threads can start
/// on the next batch while the output takes the last one. A failed write is reported by the next call.
///
/// @unchecked Sendable is sound: `failure` is written by the writing queue before it signals `idle`, and read by the
/// caller only after waiting on `idle`; at most one write is in flight.
final class ResultWriter: @unchecked Sendable {
    private let descriptor: Int32
    private var failure: PostScoringStreamError?
    private let idle = DispatchSemaphore(value: 1)
    private let queue = DispatchQueue(label: "parolewatch.score.write")

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Waits for the previous batch to be written (throwing if that failed), then starts writing `slices`.
    func enqueue(_ slices: [[UInt8]]) throws(PostScoringStreamError) {
        idle.wait()
        if let failure {
            idle.signal()
            throw failure
        }
        queue.async {
            do throws(PostScoringStreamError) {
                for slice in slices { try PostScoringStream.write(slice, to: self.descriptor) }
            } catch {
                self.failure = error
            }
            self.idle.signal()
        }
    }

    /// Waits until everything enqueued is written; throws if a write failed.
    func finish() throws(PostScoringStreamError) {
        idle.wait()
        defer { idle.signal() }
        if let failure { throw failure }
    }
}
