import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The moderators' alert folder, Maildir-style: `tmp/` for files being written, `new/` for alerts nobody has
/// acknowledged, `cur/` for acknowledged ones; each alert is one file, `<id>.json` (see `Alert+JSON.swift`).
///
/// **Durability.** `write(_:)` creates `tmp/<id>.<unique>.json` exclusively, writes it whole, `fsync`s it, renames it
/// into `new/` (or over `cur/<id>.json` when the alert is already acknowledged) and `fsync`s that folder: a reader
/// never sees a partial file in `new/` or `cur/`, and once `write` returns the alert survives a power cut. A crash
/// mid-write can leave a file in `tmp/` only; as Maildir readers do, `init` deletes `tmp/` files older than 36 hours
/// (`temporaryFileLifetime`: old enough that no writer still owns them, and `removeTemporaryFiles(olderThan:)` is
/// there for a daemon that wants to sweep more often).
///
/// **Isolation and cost.** A value holding two paths; every method is synchronous and blocks on the disk
/// (`fsync` may take tens of milliseconds), so call it from a thread that may block, not in a tight loop on the
/// cooperative pool. Any number of values, tasks and processes may use one spool at once: names in `tmp/` are
/// unique, and `rename` is atomic. Writing the same alert twice leaves one file (the last written).
public struct AlertSpool: Sendable {
    /// Which alerts to list: the unacknowledged (`new/`), the acknowledged (`cur/`), or both. The raw values are
    /// what `alerts list --state` takes.
    public enum State: String, Sendable, Equatable, CaseIterable {
        case new
        case acknowledged = "acked"
        case all
    }

    /// An alert read from the spool, with where it lies.
    public struct Entry: Sendable, Equatable {
        public var alert: Alert
        /// `.new` or `.acknowledged`.
        public var state: State
        public var file: URL
    }

    /// What a tolerant read found: the readable alerts, and one problem per file that could not be read.
    public struct Scan: Sendable, Equatable {
        /// Oldest first (by `createdAt`, then id).
        public var entries: [Entry]
        public var problems: [AlertSpoolError]
    }

    /// The spool folder (standardized).
    public let directory: URL
    private let root: String

    /// Files in `tmp/` older than this are leftovers of a crashed writer (36 hours, the Maildir convention).
    public static let temporaryFileLifetime: TimeInterval = 36 * 3600
    /// An alert file bigger than this is refused when read (a post is at most `poll.max_body`, 15 MiB by default).
    public static let maximumFileBytes = 64 * 1_048_576

    /// Opens the spool at `directory`, creating it and its `tmp/`, `new/` and `cur/` folders when missing (mode
    /// 0750, less what the umask removes), then deletes `tmp/` files older than `temporaryFileLifetime`.
    public init(directory: URL) throws(AlertSpoolError) {
        self.directory = directory.standardizedFileURL
        var path = self.directory.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        root = path
        try SpoolFiles.makeFolder(root, parents: true)
        for folder in ["tmp", "new", "cur"] {
            try SpoolFiles.makeFolder(root + "/" + folder, parents: false)
        }
        removeTemporaryFiles(olderThan: Date().addingTimeInterval(-Self.temporaryFileLifetime))
    }

    // MARK: Writing

    /// Writes `alert` to `new/<id>.json`, or over `cur/<id>.json` when that alert is already acknowledged (a repost
    /// folded into an acknowledged alert keeps it acknowledged), atomically and durably (see the type's
    /// documentation). Replaces an earlier file of the same id.
    ///
    /// Throws `invalidID` for an id that cannot be a file name, `unencodable` for a non-finite number, and
    /// `system` naming the file, the call and errno's text for a failed system call; no file is left behind then.
    public func write(_ alert: Alert) throws(AlertSpoolError) {
        try validate(alert.id)
        let data: Data
        do {
            data = try alert.jsonData()
        } catch {
            throw AlertSpoolError(
                code: .unencodable,
                path: file(alert.id, in: "new"),
                operation: "encode alert",
                reason: "\(error)"
            )
        }
        let temporary = try SpoolFiles.createExclusively(in: root + "/tmp", stem: alert.id, contents: data)
        let newPath = file(alert.id, in: "new")
        let curPath = file(alert.id, in: "cur")
        let destination = SpoolFiles.exists(curPath) ? curPath : newPath
        guard rename(temporary, destination) == 0 else {
            let error = AlertSpoolError.system(errno, path: temporary, operation: "rename to \(destination)")
            unlink(temporary)
            throw error
        }
        if destination == newPath && SpoolFiles.exists(curPath) {
            // Acknowledged while we wrote: this newer content belongs in cur/, and new/ must not hold a second copy.
            if rename(newPath, curPath) == 0 {
                try SpoolFiles.syncFolder(root + "/cur")
            } else if errno != ENOENT {
                throw AlertSpoolError.system(errno, path: newPath, operation: "rename to \(curPath)")
            }
        }
        try SpoolFiles.syncFolder(destination == curPath ? root + "/cur" : root + "/new")
    }

    /// Moves `new/<id>.json` to `cur/<id>.json` durably. Returns true when it moved, false when the alert was
    /// already acknowledged; throws `notFound` when there is no such alert, `invalidID` for an unusable id.
    @discardableResult
    public func acknowledge(_ id: String) throws(AlertSpoolError) -> Bool {
        try validate(id)
        let newPath = file(id, in: "new")
        let curPath = file(id, in: "cur")
        guard rename(newPath, curPath) == 0 else {
            let code = errno
            if code == ENOENT && !SpoolFiles.exists(newPath) {
                if SpoolFiles.exists(curPath) { return false }
                throw AlertSpoolError(
                    code: .notFound,
                    path: root,
                    operation: "acknowledge",
                    reason: "no alert '\(id)' in new/ or cur/"
                )
            }
            throw AlertSpoolError.system(code, path: newPath, operation: "rename to \(curPath)")
        }
        // cur/ first: the file must be durably in cur/ before its removal from new/ is.
        try SpoolFiles.syncFolder(root + "/cur")
        try SpoolFiles.syncFolder(root + "/new")
        return true
    }

    /// Deletes the files in `tmp/` last modified before `cutoff` (leftovers of crashed writers) and returns how
    /// many. Best effort: a file that cannot be examined or deleted is left alone.
    @discardableResult
    public func removeTemporaryFiles(olderThan cutoff: Date) -> Int {
        let folder = root + "/tmp"
        guard let names = try? SpoolFiles.names(in: folder) else { return 0 }
        var removed = 0
        for name in names {
            let path = folder + "/" + name
            guard let modified = SpoolFiles.modificationDate(ofRegularFile: path), modified < cutoff else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    // MARK: Reading

    /// The alerts in `state`, oldest first. Throws the first problem (a folder that cannot be listed, or a file
    /// that is not a readable alert, naming it); use `scan(_:)` to read the good files past a bad one.
    public func alerts(in state: State) throws(AlertSpoolError) -> [Alert] {
        let found = try scan(state)
        if let problem = found.problems.first { throw problem }
        return found.entries.map(\.alert)
    }

    /// Reads every `*.json` file in `state`'s folders (other names, and hidden files, are skipped). Throws only
    /// when a folder cannot be listed; each unreadable or invalid file becomes a problem naming it.
    public func scan(_ state: State) throws(AlertSpoolError) -> Scan {
        var result = Scan(entries: [], problems: [])
        for (folder, folderState) in folders(for: state) {
            for name in try SpoolFiles.names(in: root + "/" + folder).sorted() where Self.isAlertFileName(name) {
                let path = root + "/" + folder + "/" + name
                do throws(AlertSpoolError) {
                    let alert = try read(path, id: String(name.dropLast(5)))
                    result.entries.append(Entry(alert: alert, state: folderState, file: URL(fileURLWithPath: path)))
                } catch {
                    result.problems.append(error)
                }
            }
        }
        result.entries.sort { ($0.alert.createdAt, $0.alert.id) < ($1.alert.createdAt, $1.alert.id) }
        return result
    }

    /// How many alert files `state` holds, without reading them (for `status`).
    public func count(in state: State) throws(AlertSpoolError) -> Int {
        var total = 0
        for (folder, _) in folders(for: state) {
            total += try SpoolFiles.names(in: root + "/" + folder).count(where: Self.isAlertFileName)
        }
        return total
    }

    /// The alert with this id and whether it is new or acknowledged; nil when the spool has no such alert.
    /// Throws `invalidID` for an unusable id, and a problem naming the file when it cannot be read.
    public func alert(id: String) throws(AlertSpoolError) -> (Alert, State)? {
        try validate(id)
        for (folder, state) in folders(for: .all) {
            let path = file(id, in: folder)
            if SpoolFiles.exists(path) { return (try read(path, id: id), state) }
        }
        return nil
    }

    /// Where the alert's file is now (`new/` or `cur/`), nil when there is none or the id is unusable.
    public func location(of id: String) -> URL? {
        guard Alert.isValidID(id) else { return nil }
        for (folder, _) in folders(for: .all) {
            let path = file(id, in: folder)
            if SpoolFiles.exists(path) { return URL(fileURLWithPath: path) }
        }
        return nil
    }

    // MARK: Helpers

    private func file(_ id: String, in folder: String) -> String {
        root + "/" + folder + "/" + id + ".json"
    }

    private func folders(for state: State) -> [(String, State)] {
        switch state {
        case .new: [("new", .new)]
        case .acknowledged: [("cur", .acknowledged)]
        case .all: [("new", .new), ("cur", .acknowledged)]
        }
    }

    private static func isAlertFileName(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".")
    }

    private func validate(_ id: String) throws(AlertSpoolError) {
        guard Alert.isValidID(id) else {
            throw AlertSpoolError(
                code: .invalidID,
                path: root,
                operation: "name alert file",
                reason: "'\(id)' is not a usable alert id: use 1–128 of A–Z a–z 0–9 . _ - , not starting with a dot"
            )
        }
    }

    private func read(_ path: String, id: String) throws(AlertSpoolError) -> Alert {
        let data = try SpoolFiles.contents(of: path, limit: Self.maximumFileBytes)
        let alert: Alert
        do {
            alert = try Alert(jsonData: data)
        } catch {
            throw AlertSpoolError(code: .invalidFile, path: path, operation: "decode", reason: Alert.problem(in: error))
        }
        guard alert.id == id else {
            throw AlertSpoolError(
                code: .invalidFile,
                path: path,
                operation: "decode",
                reason: "its id '\(alert.id)' does not match its file name (expected '\(id)')"
            )
        }
        return alert
    }
}

/// The POSIX calls behind `AlertSpool`, each failure an `AlertSpoolError` naming the path, the call and errno.
private enum SpoolFiles {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func modificationDate(ofRegularFile path: String) -> Date? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
            return Date(timeIntervalSince1970: TimeInterval(info.st_mtimespec.tv_sec))
        #else
            return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        #endif
    }

    /// Creates a folder (and, with `parents`, missing parents), fsyncing its parent so the new entry is durable.
    /// An existing folder is fine; an existing non-folder is an error.
    static func makeFolder(_ path: String, parents: Bool) throws(AlertSpoolError) {
        if mkdir(path, 0o750) == 0 {
            try syncFolder(parentPath(of: path))
            return
        }
        let code = errno
        switch code {
        case EEXIST:
            var info = stat()
            guard stat(path, &info) == 0 else { throw .system(errno, path: path, operation: "create folder") }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .system(ENOTDIR, path: path, operation: "create folder")
            }
        case ENOENT where parents && parentPath(of: path) != path:
            try makeFolder(parentPath(of: path), parents: true)
            try makeFolder(path, parents: false)
        default:
            throw .system(code, path: path, operation: "create folder")
        }
    }

    static func parentPath(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func syncFolder(_ path: String) throws(AlertSpoolError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(errno, path: path, operation: "open folder") }
        defer { close(descriptor) }
        // Some file systems cannot fsync a folder (EINVAL); their renames are as durable as they get.
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw .system(errno, path: path, operation: "fsync") }
    }

    /// Creates `folder/<stem>.<unique>.json` with O_EXCL, writes `contents` whole, fsyncs and closes it, and returns
    /// its path; on failure nothing is left behind.
    static func createExclusively(in folder: String, stem: String, contents: Data) throws(AlertSpoolError) -> String {
        var attempts = 0
        while true {
            attempts += 1
            let unique = "\(getpid()).\(String(UInt64.random(in: .min ... .max), radix: 36))"
            let path = folder + "/" + stem + "." + unique + ".json"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
            if descriptor < 0 {
                let code = errno
                if (code == EEXIST || code == EINTR) && attempts < 16 { continue }
                throw .system(code, path: path, operation: "create")
            }
            var failure: AlertSpoolError?
            if let code = writeAll(descriptor, contents) {
                failure = .system(code, path: path, operation: "write")
            } else if fsync(descriptor) != 0 {
                failure = .system(errno, path: path, operation: "fsync")
            }
            if close(descriptor) != 0 && failure == nil && errno != EINTR {
                failure = .system(errno, path: path, operation: "close")
            }
            if let failure {
                unlink(path)
                throw failure
            }
            return path
        }
    }

    /// Writes every byte, retrying short writes and EINTR; returns errno on failure.
    private static func writeAll(_ descriptor: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }

    /// A regular file's bytes, refusing folders, special files and files over `limit` bytes.
    static func contents(of path: String, limit: Int) throws(AlertSpoolError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .system(errno, path: path, operation: "open") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(errno, path: path, operation: "stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw AlertSpoolError(code: .invalidFile, path: path, operation: "read", reason: "not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw AlertSpoolError(
                code: .invalidFile,
                path: path,
                operation: "read",
                reason: "\(info.st_size) bytes, more than the \(limit / 1_048_576) MiB an alert file may have"
            )
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .system(errno, path: path, operation: "read")
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
            guard data.count <= limit else {
                throw AlertSpoolError(
                    code: .invalidFile,
                    path: path,
                    operation: "read",
                    reason: "more than the \(limit / 1_048_576) MiB an alert file may have"
                )
            }
        }
        return data
    }

    /// The names in a folder, without `.` and `..`.
    static func names(in folder: String) throws(AlertSpoolError) -> [String] {
        guard let stream = opendir(folder) else { throw .system(errno, path: folder, operation: "list folder") }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw .system(errno, path: folder, operation: "list folder") }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
