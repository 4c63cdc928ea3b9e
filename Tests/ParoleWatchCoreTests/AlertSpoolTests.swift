import Foundation
import ParoleWatchCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("AlertSpool")
struct AlertSpoolTests {
    /// The names in `folder` of the spool, sorted.
    func names(_ folder: String, in spool: AlertSpool) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: spool.directory.appendingPathComponent(folder).path).sorted()
    }

    func alert(_ id: String, duplicates: Int = 0) -> Alert {
        var alert = AlertSamples.rumor
        alert.id = id
        alert.duplicates = duplicates
        return alert
    }

    @Test("opening a spool creates tmp, new and cur, and its missing parents")
    func createsFolders() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.path("var/alerts"))
        for name in ["tmp", "new", "cur"] {
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: folder.path("var/alerts/\(name)").path, isDirectory: &isFolder))
            #expect(isFolder.boolValue)
            let mode = try FileManager.default.attributesOfItem(atPath: folder.path("var/alerts/\(name)").path)[
                .posixPermissions] as? Int
            #expect((mode ?? 0) & 0o027 == 0, "no group write, nothing for others")
        }
        #expect(try spool.alerts(in: .all).isEmpty)
        _ = try AlertSpool(directory: folder.path("var/alerts"))  // opening again is fine
    }

    @Test("a written alert is exactly one file in new/, named by its id, and nothing stays in tmp/")
    func writeLandsInNew() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        try spool.write(AlertSamples.rumor)
        #expect(try names("new", in: spool) == ["A000042.json"])
        #expect(try names("tmp", in: spool).isEmpty)
        #expect(try names("cur", in: spool).isEmpty)
        let bytes = try Data(contentsOf: folder.path("new/A000042.json"))
        #expect(bytes == (try AlertSamples.rumor.jsonData()))
        #expect(try spool.alerts(in: .new) == [AlertSamples.rumor])
        #expect(try spool.alert(id: "A000042")?.1 == .new)
        #expect(spool.location(of: "A000042")?.path == folder.path("new/A000042.json").path)
    }

    @Test("writing the same alert twice, or a repost folded in, leaves one file with the latest content")
    func rewriteKeepsOneFile() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        try spool.write(alert("A1"))
        try spool.write(alert("A1"))
        try spool.write(alert("A1", duplicates: 3))
        #expect(try names("new", in: spool) == ["A1.json"])
        #expect(try names("tmp", in: spool).isEmpty)
        #expect(try spool.alert(id: "A1")?.0.duplicates == 3)
    }

    @Test("acknowledging moves the file to cur/; a second acknowledgement says it already was")
    func acknowledgeMoves() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        try spool.write(alert("A1"))
        try spool.write(alert("A2"))
        #expect(try spool.acknowledge("A1") == true)
        #expect(try names("new", in: spool) == ["A2.json"])
        #expect(try names("cur", in: spool) == ["A1.json"])
        #expect(try spool.acknowledge("A1") == false)
        #expect(try spool.alerts(in: .acknowledged).map(\.id) == ["A1"])
        #expect(try spool.alerts(in: .new).map(\.id) == ["A2"])
        #expect(try spool.alerts(in: .all).map(\.id).sorted() == ["A1", "A2"])
        #expect(try spool.alert(id: "A1")?.1 == .acknowledged)
        #expect(try spool.count(in: .new) == 1 && spool.count(in: .acknowledged) == 1 && spool.count(in: .all) == 2)
    }

    @Test("acknowledging an unknown alert throws notFound, naming the id")
    func acknowledgeUnknown() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        let error = #expect(throws: AlertSpoolError.self) { try spool.acknowledge("A404") }
        #expect(error?.code == .notFound)
        #expect(error?.description.contains("no alert 'A404' in new/ or cur/") == true)
        #expect(try spool.alert(id: "A404") == nil)
        #expect(spool.location(of: "A404") == nil)
    }

    @Test("a repost folded into an acknowledged alert rewrites it in cur/ and it stays acknowledged")
    func rewriteAfterAcknowledgeStaysInCur() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        try spool.write(alert("A1"))
        try spool.acknowledge("A1")
        try spool.write(alert("A1", duplicates: 1))
        #expect(try names("new", in: spool).isEmpty)
        #expect(try names("cur", in: spool) == ["A1.json"])
        #expect(try names("tmp", in: spool).isEmpty)
        let (stored, state) = try #require(try spool.alert(id: "A1"))
        #expect(stored.duplicates == 1 && state == .acknowledged)
    }

    @Test(
        "ids that could escape the spool or hide a file are refused before anything is written",
        arguments: ["../escape", "a/b", ".hidden", "", "..", "A1.json/x", "x\0y"])
    func refusesBadIDs(_ id: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.path("spool"))
        var bad = AlertSamples.rumor
        bad.id = id
        let error = #expect(throws: AlertSpoolError.self) { try spool.write(bad) }
        #expect(error?.code == .invalidID)
        let acknowledging = #expect(throws: AlertSpoolError.self) { try spool.acknowledge(id) }
        #expect(acknowledging?.code == .invalidID)
        let reading = #expect(throws: AlertSpoolError.self) { try spool.alert(id: id) }
        #expect(reading?.code == .invalidID)
        #expect(spool.location(of: id) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["spool"])
        #expect(try names("new", in: spool).isEmpty && names("tmp", in: spool).isEmpty)
    }

    @Test("a spool whose parent is a regular file cannot be opened, and the error says where and why")
    func parentIsAFile() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("not a folder", to: "state")
        let error = #expect(throws: AlertSpoolError.self) {
            try AlertSpool(directory: file.appendingPathComponent("alerts"))
        }
        #expect(error?.code == .system(errno: ENOTDIR))
        #expect(error?.description == "\(file.path)/alerts: create folder failed: Not a directory")
    }

    @Test("a spool under /proc cannot be created, and the error names the path")
    func procIsRefused() throws {
        let error = #expect(throws: AlertSpoolError.self) {
            try AlertSpool(directory: URL(fileURLWithPath: "/proc/self/parolewatch-alerts"))
        }
        #expect(error?.description.hasPrefix("/proc/self/parolewatch-alerts: create folder failed: ") == true)
    }

    @Test("when new/ is broken after opening, a write fails clearly and leaves nothing in tmp/")
    func writeFailureCleansUp() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        try FileManager.default.removeItem(at: folder.path("new"))
        try folder.write("in the way", to: "new")
        let error = #expect(throws: AlertSpoolError.self) { try spool.write(AlertSamples.rumor) }
        #expect(error?.code == .system(errno: ENOTDIR))
        #expect(error?.description.contains("/tmp/A000042.") == true)
        #expect(error?.description.contains(": rename to \(folder.url.path)/new/A000042.json failed: Not a directory") == true)
        #expect(try names("tmp", in: spool).isEmpty)
    }

    @Test("an alert that cannot be serialized is refused without touching the spool")
    func unencodableAlert() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        var alert = AlertSamples.rumor
        alert.threshold = .infinity
        let error = #expect(throws: AlertSpoolError.self) { try spool.write(alert) }
        #expect(error?.code == .unencodable)
        #expect(try names("tmp", in: spool).isEmpty && names("new", in: spool).isEmpty)
    }

    @Test("reading skips files that are not *.json and reports invalid ones by name, without losing the rest")
    func readingToleratesStrayFiles() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        try spool.write(alert("A1"))
        try folder.write("notes", to: "new/README.txt")
        try folder.write("{}", to: "new/.A9.json")
        try folder.write("{ not json", to: "new/A2.json")
        try folder.write(String(decoding: try alert("A3").jsonData(), as: UTF8.self), to: "new/A4.json")
        try FileManager.default.createDirectory(at: folder.path("new/A5.json"), withIntermediateDirectories: true)

        let scan = try spool.scan(.new)
        #expect(scan.entries.map(\.alert.id) == ["A1"])
        #expect(scan.entries.first?.file.lastPathComponent == "A1.json")
        let problems = scan.problems.map(\.description)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.hasPrefix("\(folder.url.path)/new/A2.json: not valid JSON") })
        #expect(problems.contains { $0.contains("/new/A4.json: its id 'A3' does not match") })
        #expect(problems.contains { $0.contains("/new/A5.json") })
        #expect(scan.problems.allSatisfy { $0.code == .invalidFile || $0.code == .system(errno: EISDIR) })

        let error = #expect(throws: AlertSpoolError.self) { try spool.alerts(in: .new) }
        #expect(error?.description.contains("/new/A2.json") == true)
        let reading = #expect(throws: AlertSpoolError.self) { try spool.alert(id: "A2") }
        #expect(reading?.code == .invalidFile)
        #expect(try spool.count(in: .new) == 4)
    }

    @Test("alerts are listed oldest first")
    func listsOldestFirst() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        for (id, minutes) in [("A3", 5), ("A10", 1), ("A2", 9)] {
            var next = alert(id)
            next.createdAt = next.createdAt.addingTimeInterval(Double(minutes) * 60)
            try spool.write(next)
        }
        #expect(try spool.alerts(in: .all).map(\.id) == ["A10", "A3", "A2"])
    }

    @Test("leftover tmp/ files older than 36 hours are removed when the spool is opened; recent ones stay")
    func staleTemporaryFilesAreRemoved() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        _ = try AlertSpool(directory: folder.url)
        let stale = try folder.write("{", to: "tmp/A1.123.abc.json")
        let recent = try folder.write("{", to: "tmp/A2.123.def.json")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-37 * 3600)], ofItemAtPath: stale.path)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-35 * 3600)], ofItemAtPath: recent.path)
        let spool = try AlertSpool(directory: folder.url)
        #expect(try names("tmp", in: spool) == ["A2.123.def.json"])
        #expect(spool.removeTemporaryFiles(olderThan: Date()) == 1)
        #expect(try names("tmp", in: spool).isEmpty)
    }

    @Test("many tasks writing different alerts at once all land, each exactly once")
    func concurrentWrites() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        let ids = (1...200).map { String(format: "A%06d", $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask { try spool.write(alert(id)) }
                // Some tasks rewrite an alert another task may be writing: still one file per id.
                if id.hasSuffix("7") { group.addTask { try spool.write(alert(id, duplicates: 1)) } }
            }
            try await group.waitForAll()
        }
        #expect(try names("new", in: spool) == ids.map { "\($0).json" })
        #expect(try names("tmp", in: spool).isEmpty)
        #expect(try spool.alerts(in: .new).count == 200)
    }

    @Test("writes racing acknowledgements never leave an alert in both new/ and cur/")
    func writesRacingAcknowledgements() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let spool = try AlertSpool(directory: folder.url)
        let ids = (1...50).map { "R\($0)" }
        for id in ids { try spool.write(alert(id)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask { try spool.write(alert(id, duplicates: 1)) }
                group.addTask { _ = try spool.acknowledge(id) }
            }
            try await group.waitForAll()
        }
        #expect(try names("new", in: spool).isEmpty)
        #expect(try names("cur", in: spool).count == 50)
        #expect(try spool.alerts(in: .acknowledged).allSatisfy { $0.duplicates == 1 })
    }

    #if os(Linux)
    @Test("on a full file system a write fails with ENOSPC, names the tmp file, and leaves nothing visible")
    func fullFileSystem() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let mountPoint = folder.path("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mounted = "size=64k".withCString { options in
            mount("tmpfs", mountPoint.path, "tmpfs", 0, options)
        }
        guard mounted == 0 else {
            return  // Not permitted here (no CAP_SYS_ADMIN, e.g. an unprivileged container): nothing to test.
        }
        defer { umount(mountPoint.path) }
        let spool = try AlertSpool(directory: mountPoint.appendingPathComponent("alerts"))
        try spool.write(alert("A1"))
        var big = alert("A2")
        big.post.text = String(repeating: "parole ", count: 40_000)
        let error = #expect(throws: AlertSpoolError.self) { try spool.write(big) }
        #expect(error?.code == .system(errno: ENOSPC))
        #expect(error?.description.contains("/alerts/tmp/A2.") == true)
        #expect(error?.description.hasSuffix(": write failed: No space left on device") == true)
        #expect(try names("tmp", in: spool).isEmpty)
        #expect(try names("new", in: spool) == ["A1.json"])
        #expect(try spool.alerts(in: .new).map(\.id) == ["A1"])
    }
    #endif
}
