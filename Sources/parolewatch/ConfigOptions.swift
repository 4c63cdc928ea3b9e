import ArgumentParser
import Foundation
import ParoleWatchCore

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: ./config/parolewatch.yaml, then /etc/parolewatch/parolewatch.yaml).")
    var config: String?

    var configURL: URL {
        if let config { return URL(fileURLWithPath: config) }
        return ConfigLoader.defaultConfigURL(
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// Loads and validates the configuration; on problems prints them, one per line, and exits 78.
    func load(problemsTo output: Output = .standardError) throws -> Config {
        do {
            return try ConfigLoader.load(from: configURL)
        } catch {
            for problem in error.problems { output.write("\(problem)\n") }
            throw ExitCode(ExitStatus.badConfiguration)
        }
    }
}

extension ConfigOptions {
    /// Loads the configuration, its scoring model and its reply templates (`SettingsLoader`, as a reload does),
    /// printing every problem (one per line) and exiting 78 when there is any. A configuration without `model` is
    /// a problem: nothing could be scored.
    func loadSettings(problemsTo output: Output = .standardError) throws -> SettingsLoader.Settings {
        do {
            return try SettingsLoader.load(from: configURL)
        } catch {
            for problem in error.problems { output.write("\(problem)\n") }
            throw ExitCode(ExitStatus.badConfiguration)
        }
    }
}

/// The exit codes `INTERFACE.md` fixes.
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let badConfiguration: Int32 = 78
}

/// Where a command writes text: a whole `write(2)` per call.
enum Output {
    case standardOutput, standardError

    func write(_ text: String) {
        let descriptor: Int32 = self == .standardOutput ? 1 : 2
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
