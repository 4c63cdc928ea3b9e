import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// `scripts/install.sh` into a staging root (DESTDIR), with the binary under test.
@Suite("scripts/install.sh")
struct InstallScriptTests {
    func install(_ arguments: [String], root: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Repository.root.appendingPathComponent("scripts/install.sh").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["DESTDIR": root.path]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("installs a configuration that checks clean, keeps edited files on upgrade, uninstalls but keeps config")
    func installUpgradeUninstall() throws {
        let root = try TemporaryDirectory("pw-install")
        defer { root.remove() }
        let binary = ["--binary", ParoleWatchBinary.url.path]
        let first = try install(binary, root: root.url)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("systemctl enable --now parolewatch"))
        let config = root.path("etc/parolewatch/parolewatch.yaml")
        let unit = try String(contentsOf: root.path("etc/systemd/system/parolewatch.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/parolewatch run --config /etc/parolewatch/parolewatch.yaml"))
        #expect(try String(contentsOf: config, encoding: .utf8).contains("state_dir: /var/lib/parolewatch"))
        let check = try ParoleWatchBinary.run(["check-config", "--config", config.path])
        #expect(check.status == 0, "\(check.standardOutput)")

        let feeds = root.path("etc/parolewatch/feeds.yaml")
        let edited = try String(contentsOf: feeds, encoding: .utf8) + "# mine\n"
        try edited.write(to: feeds, atomically: true, encoding: .utf8)
        let again = try install(binary, root: root.url)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("kept your edited /etc/parolewatch/feeds.yaml"))
        #expect(try String(contentsOf: feeds, encoding: .utf8) == edited)
        #expect(FileManager.default.fileExists(atPath: feeds.path + ".new"))

        let removed = try install(["--uninstall"], root: root.url)
        #expect(removed.status == 0, "\(removed.output)")
        #expect(!FileManager.default.fileExists(atPath: root.path("usr/local/bin/parolewatch").path))
        #expect(!FileManager.default.fileExists(atPath: root.path("etc/systemd/system/parolewatch.service").path))
        #expect(FileManager.default.fileExists(atPath: config.path))
    }
}
