import Foundation
import Yams

/// One YAML file composed into a Yams `Node` tree, with the display name its problems are reported under.
///
/// Yams rejects a mapping with a repeated key as a whole, which would hide every other problem in the file.
/// So on that error the first occurrence is disguised (its first character swapped for a private-use
/// character, which keeps every line and column where it was) and the text composed again; `keyText(_:)`
/// restores the original spelling, and `MappingFields` then reports the repeat at its own position.
struct YAMLDocument {
    /// The file name as the caller wrote it (relative stays relative).
    let displayPath: String
    /// The absolute path.
    let path: String
    /// The root node, nil for an empty document.
    let root: Node?
    /// Disguised keys: position → original text.
    private let disguisedKeys: [Position: String]

    /// Config and feed-list files are small; anything bigger is the wrong file, and is not read into memory.
    static let maximumFileBytes = 16 * 1_048_576

    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    /// Reads and composes the file at `path`. Problems reading it are reported at `reference` (the config key
    /// that named the file) when given, else at 1:1 of the file itself; YAML syntax errors at Yams' mark.
    static func load(
        path: String,
        displayPath: String,
        what: String,
        reference: Reference?,
        log: ProblemLog
    ) -> YAMLDocument? {
        func fail(_ message: String) -> YAMLDocument? {
            if let reference {
                log.report(file: reference.file, at: reference.mark, keyPath: reference.keyPath, message)
            } else {
                log.report(file: displayPath, at: nil, keyPath: "", message)
            }
            return nil
        }
        switch ConfigPaths.kind(of: path) {
        case .missing:
            return fail("\(what) '\(displayPath)' does not exist")
        case .directory:
            return fail("\(what) '\(displayPath)' is a folder, expected a YAML file")
        case .file:
            break
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileBytes else {
            return fail(
                "\(what) '\(displayPath)' is \(ByteSizeParser.format(size)), more than the 16MiB a config may be"
            )
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
        else {
            return fail("cannot read \(what) '\(displayPath)'; check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return fail("\(what) '\(displayPath)' is not UTF-8 text")
        }
        return compose(text: text, path: path, displayPath: displayPath, log: log)
    }

    /// Where a file was named, for problems reading it.
    struct Reference {
        var file: String
        var mark: Mark?
        var keyPath: String
    }

    /// Composes `text`, working around Yams' rejection of repeated keys (see the type's documentation).
    static func compose(text: String, path: String, displayPath: String, log: ProblemLog) -> YAMLDocument? {
        var current = text
        var disguised: [Position: String] = [:]
        // Each round disguises one more key; a file with more repeats than this is not worth composing.
        for round in 0..<1_000 {
            do {
                // Every scalar is read as text and converted where it is used (`NodeReader`), and merge keys are found
                // by their spelling, so Yams need not resolve tags: its default resolver tries seven regular
                // expressions on every scalar (about 5 % of the time to load the model).
                let root = try Yams.compose(yaml: current, .basic)
                return YAMLDocument(displayPath: displayPath, path: path, root: root, disguisedKeys: disguised)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let position = Position(line: context.mark.line, column: context.mark.column)
                guard let key = duplicates.first,
                    let replacement = Unicode.Scalar(0xE000 + UInt32(round)),
                    let disguisedText = disguise(key: key, at: position, in: current, with: replacement)
                else {
                    let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                    log.report(file: displayPath, at: context.mark, keyPath: "", "duplicate key \(names) in a mapping")
                    return nil
                }
                disguised[position] = key
                current = disguisedText
            } catch let error as YamlError {
                report(error, file: displayPath, log: log)
                return nil
            } catch {
                log.report(file: displayPath, at: nil, keyPath: "", "not valid YAML: \(error)")
                return nil
            }
        }
        log.report(file: displayPath, at: nil, keyPath: "", "too many repeated keys")
        return nil
    }

    /// The text of a mapping key as written in the file (undoing a disguise), or nil if the key is not text.
    func keyText(_ key: Node) -> String? {
        guard case .scalar(let scalar) = key else { return nil }
        if let mark = scalar.mark, let original = disguisedKeys[Position(line: mark.line, column: mark.column)] {
            return original
        }
        return scalar.string
    }

    /// Replaces the first character of `key` at `position` (1-based line and column in Unicode scalars, after an
    /// opening quote if any) with `replacement`, or returns nil if the text there is not that key.
    private static func disguise(
        key: String,
        at position: Position,
        in text: String,
        with replacement: Unicode.Scalar
    ) -> String? {
        guard !key.isEmpty, position.line >= 1, position.column >= 1 else { return nil }
        var scalars = Array(text.unicodeScalars)
        // Find the line's first scalar, counting line breaks as libyaml does: LF, CR, CR LF, NEL, LS, PS.
        var index = 0
        var line = 1
        while line < position.line, index < scalars.count {
            switch scalars[index] {
            case "\r":
                if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                line += 1
            case "\n", "\u{85}", "\u{2028}", "\u{2029}":
                line += 1
            default:
                break
            }
            index += 1
        }
        var start = index + position.column - 1
        guard line == position.line, start < scalars.count else { return nil }
        if scalars[start] == "\"" || scalars[start] == "'" { start += 1 }
        let keyScalars = Array(key.unicodeScalars)
        guard start + keyScalars.count <= scalars.count,
            Array(scalars[start..<(start + keyScalars.count)]) == keyScalars
        else { return nil }
        scalars[start] = replacement
        var disguised = String.UnicodeScalarView()
        disguised.append(contentsOf: scalars)
        return String(disguised)
    }

    /// True when the character at `mark` is a tab, the usual cause of "cannot start any token".
    private static func isTab(at mark: Mark, in yaml: String) -> Bool {
        var line = 1
        var column = 1
        for scalar in yaml.unicodeScalars {
            if line == mark.line, column == mark.column { return scalar == "\t" }
            if line > mark.line { return false }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return false
    }

    /// Reports a Yams syntax error at its mark, in libyaml's words.
    private static func report(_ error: YamlError, file: String, log: ProblemLog) {
        switch error {
        case .scanner(let context, let problem, let mark, let yaml),
            .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            let hint = isTab(at: mark, in: yaml) ? "; indent with spaces, YAML does not allow tabs there" : ""
            log.report(file: file, at: mark, keyPath: "", "not valid YAML: \(problem)\(during)\(hint)")
        case .reader(let problem, let offset, _, _):
            let at = offset.map { " at byte \($0)" } ?? ""
            log.report(file: file, at: nil, keyPath: "", "not valid YAML text: \(problem)\(at)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            log.report(file: file, at: context.mark, keyPath: "", "duplicate key \(names) in a mapping")
        default:
            log.report(file: file, at: nil, keyPath: "", "not valid YAML: \(error)")
        }
    }
}

extension Node {
    /// True for an empty value, `~` or `null` written plainly.
    var isYAMLNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How the value reads in a message: `'fast'`, `a mapping`, `a list`, `nothing`; long text is cut short.
    var problemDescription: String {
        switch self {
        case .scalar(let scalar):
            if isYAMLNull { return "nothing" }
            let text = scalar.string
            return text.count > 60 ? "'\(text.prefix(57))...'" : "'\(text)'"
        case .mapping:
            return "a mapping"
        case .sequence:
            return "a list"
        case .alias:
            return "an alias"
        }
    }
}
