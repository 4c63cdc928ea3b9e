import Foundation

/// Memory figures of the current process, read from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Resident set size in bytes (`VmRSS`), or nil when unavailable.
    public static var residentBytes: Int? { field("VmRSS:") }

    /// Peak resident set size in bytes (`VmHWM`), or nil when unavailable.
    public static var peakResidentBytes: Int? { field("VmHWM:") }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).split(separator: " ").first.flatMap { Int($0) }
            return number.map { $0 * 1024 }
        }
        return nil
    }
}
