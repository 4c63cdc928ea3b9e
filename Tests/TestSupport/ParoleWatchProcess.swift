import Foundation

/// The built `parolewatch` executable, run as a real child process.
public enum ParoleWatchBinary {
    /// `.build/<triple>/debug/parolewatch`, next to the test bundle.
    public static var url: URL {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("parolewatch")
    }

    /// What a finished run printed and how it exited.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// Runs `parolewatch arguments…` to completion (killed after `timeout`).
    public static func run(
        _ arguments: [String],
        in directory: URL? = nil,
        environment: [String: String] = [:],
        input: String? = nil,
        timeout: Duration = .seconds(120)
    ) throws -> Result {
        let process = try ParoleWatchProcess(arguments, in: directory, environment: environment, input: input)
        return process.waitForExit(timeout: timeout)
    }
}

/// A running `parolewatch` child whose output is collected into files (no pipe can fill up).
public final class ParoleWatchProcess: @unchecked Sendable {
    // @unchecked is sound: every stored property is a `let`; `Process` is only touched through
    // its thread-safe methods (terminate, isRunning, waitUntilExit).
    public let process = Process()
    let outputFile: URL
    let errorFile: URL

    public init(
        _ arguments: [String],
        in directory: URL? = nil,
        environment: [String: String] = [:],
        input: String? = nil
    ) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pw-proc-\(UUID().uuidString)")
        outputFile = scratch.appendingPathExtension("out")
        errorFile = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.executableURL = ParoleWatchBinary.url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "JOURNAL_STREAM")
        merged.removeValue(forKey: "NOTIFY_SOCKET")
        merged.merge(environment) { _, new in new }
        process.environment = merged
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        if let input {
            let inputFile = scratch.appendingPathExtension("in")
            try Data(input.utf8).write(to: inputFile)
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Sends a signal to the child.
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// What the child has written to standard error so far.
    public var standardErrorSoFar: String {
        (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    }

    /// Waits until `condition` holds on the stderr log, polling every 50 ms; false on timeout.
    public func waitForLog(timeout: Duration, _ condition: (String) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(standardErrorSoFar) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(standardErrorSoFar)
    }

    /// Waits until the child has a handler installed for `signal` (its bit in `SigCgt:` of `/proc/PID/status`),
    /// polling every millisecond; false on timeout or exit.
    public func waitUntilCatching(_ signal: Int32, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        let bit = UInt64(1) << UInt64(signal - 1)
        while process.isRunning && ContinuousClock.now < deadline {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let caught = status.split(separator: "\n").first { $0.hasPrefix("SigCgt:") }
                .flatMap { UInt64($0.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) }
            if let caught, caught & bit != 0 { return true }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return false
    }

    /// Waits for the exit (SIGKILL after `timeout`) and returns status and output.
    public func waitForExit(timeout: Duration) -> ParoleWatchBinary.Result {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        return ParoleWatchBinary.Result(
            status: process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus,
            standardOutput: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }
}

/// The repository's root folder (for the shipped `config/`, `feeds/`), found from this source file.
public enum Repository {
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Copies the shipped `config/` and `feeds/` into `folder`, so a test can run the embedded default
    /// without touching the working tree's `var/`.
    public static func copyEmbeddedDefault(into folder: URL) throws {
        for name in ["config", "feeds"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }
}
