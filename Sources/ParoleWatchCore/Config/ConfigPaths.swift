import Foundation

/// Lexical path arithmetic for config paths: joins a written path to a base folder and removes `.`, `..` and
/// repeated slashes without touching the file system (no symlink resolution), so results are predictable.
enum ConfigPaths {
    /// `written` if absolute, else `base/written`; then normalized. An empty `base` means the current folder.
    static func join(_ base: String, _ written: String) -> String {
        if written.hasPrefix("/") || base.isEmpty || base == "." { return normalize(written) }
        return normalize(base + "/" + written)
    }

    /// Removes `.` segments, empty segments, and `name/..` pairs; keeps leading `..` of a relative path.
    static func normalize(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".":
                continue
            case "..":
                if let last = segments.last, last != ".." {
                    segments.removeLast()
                } else if !isAbsolute {
                    segments.append(segment)
                }
            default:
                segments.append(segment)
            }
        }
        let joined = segments.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The folder part of `path` (`config` for `config/a.yaml`, empty for `a.yaml`, `/` for `/a.yaml`).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// What is at `path`: nothing, a folder, or a file (or anything else that is not a folder).
    static func kind(of path: String) -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }

    enum Kind {
        case missing, directory, file
    }
}
