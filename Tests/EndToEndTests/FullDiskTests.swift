import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// A small real file system (tmpfs) for the state database and the spool, filled up between runs: nothing is
/// lost, every error names its file, and everything catches up once space returns. Needs `mount` (root in a
/// container that allows it); skipped where it cannot mount.
@Suite("A full disk, through the real binary", .serialized)
struct FullDiskTests {
    /// A tmpfs mounted at `folder`, unmounted by `unmount()`.
    struct SmallFileSystem {
        let folder: URL

        init?(at folder: URL, megabytes: Int) {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard Self.shell("mount", "-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder.path) == 0 else { return nil }
            self.folder = folder
        }

        func unmount() {
            _ = Self.shell("umount", folder.path)
        }

        /// Writes a filler file until the file system is full; returns its URL.
        func fill() -> URL {
            let filler = folder.appendingPathComponent("filler")
            _ = FileManager.default.createFile(atPath: filler.path, contents: nil)
            let descriptor = open(filler.path, O_WRONLY)
            let chunk = [UInt8](repeating: 0x5A, count: 16 * 1024)
            while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            // The last bytes: what a page-sized write could not take.
            while [UInt8](repeating: 0x5A, count: 1).withUnsafeBytes({ write(descriptor, $0.baseAddress, 1) }) > 0 {}
            close(descriptor)
            return filler
        }

        static func shell(_ arguments: String...) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static let canMount: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("pw-mount-probe-\(UUID().uuidString)")
        guard let fileSystem = SmallFileSystem(at: probe, megabytes: 1) else { return false }
        fileSystem.unmount()
        try? FileManager.default.removeItem(at: probe)
        return true
    }()

    @Test(
        "the disk fills while the daemon runs: polls and files fail softly, name the file, and catch up when space returns",
        .enabled(if: canMount, "needs permission to mount a tmpfs"))
    func diskFillsWhileRunning() async throws {
        let world = try DeliveryScenario(flakySchedule: "immediate")
        let small = try #require(SmallFileSystem(at: world.folder.url.appendingPathComponent("var"), megabytes: 8))
        defer { small.unmount() }
        try world.add(SamplePosts.round(20))
        let daemon = try ParoleWatchProcess(["run", "--config", world.configPath])
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL) } }
        #expect(try await Self.waitUntil { try Set(world.postsInFiles().keys) == world.expectedAlertedPosts() })
        let filesBefore = try world.alertFiles().count

        // Full: the next posts can be neither recorded nor spooled; the log says which file.
        let filler = small.fill()
        try world.add(SamplePosts.round(21))
        #expect(daemon.waitForLog(timeout: .seconds(15)) { $0.contains("could not record poll") && $0.contains("parolewatch.sqlite") })
        #expect(try world.alertFiles().count == filesBefore)
        #expect(daemon.process.isRunning)

        // Space is back: the posts are offered again, alerted once, written and delivered.
        try FileManager.default.removeItem(at: filler)
        let expected = try world.expectedAlertedPosts()
        #expect(try await Self.waitUntil { Set(try world.postsInFiles().keys) == expected })
        try await Task.sleep(for: .seconds(1))
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: .seconds(15)).status == 0)

        let accounted = try world.postsInFiles()
        #expect(Set(accounted.keys) == expected)
        #expect(accounted.values.allSatisfy { $0 == 1 })
        #expect(world.temporaryFiles.isEmpty)
        let files = try world.alertFiles()
        #expect(DeliveryScenario.acceptedAlertIDs(world.good.deliveries) == Set(files.map(\.id)))
        #expect(DeliveryScenario.alertsByWebhookID(world.good.deliveries).values.allSatisfy { $0.count == 1 })
        #expect(try world.integrityCheck() == "ok")
    }

    @Test(
        "run --once on a full file system exits 1 and names the database file",
        .enabled(if: canMount, "needs permission to mount a tmpfs"))
    func fullAtStart() throws {
        let world = try DeliveryScenario()
        let small = try #require(SmallFileSystem(at: world.folder.url.appendingPathComponent("var"), megabytes: 1))
        defer { small.unmount() }
        _ = small.fill()
        try world.add(SamplePosts.round(22))
        let run = try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath])
        #expect(run.status == 1)
        #expect(run.standardError.contains("parolewatch.sqlite"))
    }

    /// Polls `condition` every 200 ms for up to 30 s.
    static func waitUntil(_ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? condition()) == true { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try condition()
    }
}
