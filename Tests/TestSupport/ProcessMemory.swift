import Foundation

/// Memory figures of the current process, read from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Resident set size in bytes (`VmRSS`), or nil when unavailable.
    public static var residentBytes: Int? { field("VmRSS:") }

    /// Peak resident set size in bytes (`VmHWM`), or nil when unavailable.
    public static var peakResidentBytes: Int? { field("VmHWM:") }

    /// Peak resident set size in bytes (`VmHWM`) of process `pid`, or nil once it has exited.
    public static func peakResidentBytes(of pid: Int32) -> Int? { field("VmHWM:", process: "\(pid)") }

    private static func field(_ name: String, process: String = "self") -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
            return number.map { $0 * 1024 }
        }
        return nil
    }
}
