import Foundation
import ParoleWatchCore

/// `config` and `model`: any bytes → a value or a `ConfigError` whose problems sit at line, column ≥ 1.
///
/// The loaders read files (relative paths resolve against the file's folder), so each input is written to a
/// file in a private scratch folder first.
enum ConfigTargets {
    /// A fresh folder under the temporary directory, made once per process.
    static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("parolewatch-fuzz-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot make the scratch folder \(folder.path): \(error)")
        }
        return folder
    }()

    /// Models compile every phrase and pattern; bigger inputs only slow the search down.
    static let maximumModelBytes = 64 * 1024

    static func config(_ bytes: [UInt8]?) -> Int32 {
        guard let bytes else { return -1 }
        let url = write(bytes, to: "parolewatch.yaml")
        do {
            _ = try ConfigLoader.load(from: url)
        } catch {
            checkProblems(error, in: url, bytes)
        }
        do {
            _ = try ConfigLoader.loadFeedList(from: url)
        } catch {
            checkProblems(error, in: url, bytes)
        }
        return 0
    }

    static func model(_ bytes: [UInt8]?) -> Int32 {
        guard let bytes, bytes.count <= maximumModelBytes else { return -1 }
        let url = write(bytes, to: "model.yaml")
        do {
            _ = try ModelLoader.load(from: url)
        } catch {
            checkProblems(error, in: url, bytes)
        }
        return 0
    }

    private static func write(_ bytes: [UInt8], to name: String) -> URL {
        let url = scratch.appendingPathComponent(name, isDirectory: false)
        do {
            try Data(bytes).write(to: url)
        } catch {
            fatalError("cannot write \(url.path): \(error)")
        }
        return url
    }

    private static func checkProblems(_ error: ConfigError, in url: URL, _ bytes: [UInt8]) {
        check(!error.problems.isEmpty, "ConfigError without problems")
        let lines = lineCount(bytes)
        for problem in error.problems {
            check(problem.line >= 1 && problem.column >= 1, "problem at \(problem.line):\(problem.column): \(problem)")
            if problem.file == url.path {
                check(problem.line <= lines + 1, "problem at line \(problem.line) of a \(lines)-line file: \(problem)")
            }
            check(!problem.message.isEmpty, "problem without a message: \(problem)")
        }
    }

    /// At least the lines YAML (libyaml) counts: LF, CR, NEL, LS and PS each end one (a CRLF counts twice here).
    private static func lineCount(_ bytes: [UInt8]) -> Int {
        var breaks = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": breaks += 1
            default: break
            }
        }
        return 1 + breaks
    }
}
