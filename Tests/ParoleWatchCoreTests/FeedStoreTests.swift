import Foundation
import GRDB
import ParoleWatchCore
import TestSupport
import Testing

@Suite("FeedStore")
struct FeedStoreTests {
    let entries = [
        FeedEntry(id: "a-1", link: "https://x.example/1", title: "One", text: "first"),
        FeedEntry(id: nil, link: "https://x.example/2", title: "Two", text: "second"),
        FeedEntry(id: nil, link: nil, title: "Three", text: "third"),
    ]

    @Test("the first poll stores every entry as new")
    func firstPollIsNew() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = FeedStore(database: try StateDatabase(directory: folder.url))
        let stored = try await store.record(FeedState(id: "f", url: "file:///f.xml"), entries: entries, seenAt: Date())
        #expect(stored.new.count == 3)
        #expect(stored.edited.isEmpty)
        #expect(try await store.entryCounts()["f"] == 3)
    }

    @Test("reopening the database never re-processes a seen entry")
    func restartDoesNotReprocess() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        do {
            let store = FeedStore(database: try StateDatabase(directory: folder.url))
            _ = try await store.record(FeedState(id: "f", url: "u"), entries: entries, seenAt: Date())
        }
        let reopened = FeedStore(database: try StateDatabase(directory: folder.url))
        let stored = try await reopened.record(FeedState(id: "f", url: "u"), entries: entries, seenAt: Date())
        #expect(stored.new.isEmpty)
        #expect(stored.edited.isEmpty)
        #expect(stored.unchanged == 3)
    }

    @Test("an entry whose text changes under the same key is an edit, not a new entry")
    func editIsDetected() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = FeedStore(database: try StateDatabase(directory: folder.url))
        _ = try await store.record(FeedState(id: "f", url: "u"), entries: entries, seenAt: Date())
        var edited = entries
        edited[0].text = "first, corrected"
        let stored = try await store.record(FeedState(id: "f", url: "u"), entries: edited, seenAt: Date())
        #expect(stored.new.isEmpty)
        #expect(stored.edited.map(\.id) == ["a-1"])
        let again = try await store.record(FeedState(id: "f", url: "u"), entries: edited, seenAt: Date())
        #expect(again.edited.isEmpty && again.new.isEmpty)
    }

    @Test("the same guid in two feeds is two entries; a repeated guid in one document counts once")
    func keysAreScopedPerFeed() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = FeedStore(database: try StateDatabase(directory: folder.url))
        let one = try await store.record(FeedState(id: "f1", url: "u1"), entries: [entries[0], entries[0]], seenAt: Date())
        let two = try await store.record(FeedState(id: "f2", url: "u2"), entries: [entries[0]], seenAt: Date())
        #expect(one.new.count == 1)
        #expect(one.repeated == 1)
        #expect(two.new.count == 1)
    }

    @Test("feed state round-trips: validators, schedule, last error")
    func feedStateRoundTrip() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = FeedStore(database: try StateDatabase(directory: folder.url))
        var state = FeedState(id: "f", url: "http://127.0.0.1/f")
        state.etag = "\"v1\""
        state.lastModified = "Tue, 01 Dec 2026 03:00:00 GMT"
        state.lastError = "timed out"
        state.consecutiveFailures = 2
        state.nextDueAt = Date(timeIntervalSince1970: 1_800_000_000)
        state.lastOutcome = .failed
        try await store.record(state)
        let read = try #require(try await store.feedStates()["f"])
        #expect(read.etag == "\"v1\"")
        #expect(read.lastModified == state.lastModified)
        #expect(read.lastError == "timed out")
        #expect(read.consecutiveFailures == 2)
        #expect(read.nextDueAt == state.nextDueAt)
        #expect(read.validators(for: "http://127.0.0.1/f").etag == "\"v1\"")
        #expect(read.validators(for: "http://127.0.0.1/moved").etag == nil)
    }

    @Test("the database runs in WAL mode with synchronous=FULL")
    func durabilitySettings() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = try StateDatabase(directory: folder.url)
        let (mode, synchronous) = try await database.pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)
    }

    @Test("an unwritable state directory is a clear error naming the path")
    func unwritableDirectory() throws {
        let error = #expect(throws: StateError.self) {
            _ = try StateDatabase(directory: URL(fileURLWithPath: "/proc/parolewatch-cannot-exist"))
        }
        #expect(error?.description.contains("/proc/parolewatch-cannot-exist") == true)
    }
}
