import Foundation
import Glibc

/// Tells systemd how the service is doing, the `sd_notify(3)` way but without libsystemd: one datagram per
/// message to the `AF_UNIX` socket named by `$NOTIFY_SOCKET`.
///
/// The address is a filesystem path (`/run/systemd/notify`) or, when it starts with `@`, a name in the abstract
/// namespace (the `@` becomes a leading NUL byte and the name is not NUL-terminated). Without `$NOTIFY_SOCKET`
/// (not started by systemd, or `Type=` not `notify`) every send is a no-op that returns false, so callers never
/// need to check.
///
/// Sending is one non-blocking `sendto(2)`: any task or thread may call it, and it never suspends. A failed send is
/// reported by the return value only; systemd treats a missing message as what it is (no readiness, no ping).
public final class SystemdNotifier: Sendable {
    /// `$NOTIFY_SOCKET` as given, nil when unset or empty.
    public let socketPath: String?
    /// A `SOCK_DGRAM | SOCK_CLOEXEC` socket, or -1 when notifications are off.
    private let descriptor: Int32
    /// The encoded `sockaddr_un` and its meaningful length.
    private let address: sockaddr_un
    private let addressLength: socklen_t

    /// Reads `NOTIFY_SOCKET` from `environment` (normally `ProcessInfo.processInfo.environment`).
    public convenience init(environment: [String: String]) {
        self.init(socketPath: environment["NOTIFY_SOCKET"])
    }

    /// Sends to `socketPath` (`/path` or `@abstract-name`); nil, empty or unusable paths turn notifications off.
    public init(socketPath: String?) {
        guard let socketPath, !socketPath.isEmpty, let (address, length) = Self.socketAddress(socketPath) else {
            self.socketPath = nil
            descriptor = -1
            address = sockaddr_un()
            addressLength = 0
            return
        }
        self.socketPath = socketPath
        self.address = address
        addressLength = length
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// True when messages go somewhere (`$NOTIFY_SOCKET` was set and a socket could be made).
    public var isEnabled: Bool { descriptor >= 0 }

    /// Sends `states` as one datagram (one `KEY=VALUE` line each). Returns true when the kernel took it.
    @discardableResult
    public func notify(_ states: [NotifyState]) -> Bool {
        guard descriptor >= 0, !states.isEmpty else { return false }
        let bytes = Array(Self.message(states).utf8)
        var target = address
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, addressLength)
                }
            }
        }
        return sent == bytes.count
    }

    /// Sends one state (`notify([state])`).
    @discardableResult
    public func notify(_ state: NotifyState) -> Bool {
        notify([state])
    }

    /// The datagram for `states`: `KEY=VALUE` lines joined by newlines, as `sd_notify(3)` expects.
    public static func message(_ states: [NotifyState]) -> String {
        states.map(\.line).joined(separator: "\n")
    }

    /// The `sockaddr_un` for `path`, and the length to pass to `sendto`: for an abstract name, the family plus the
    /// leading NUL and the name's bytes (no terminator); for a file, the family plus the path and its NUL.
    /// Nil for paths that are neither absolute nor abstract, or too long for `sun_path` (108 bytes).
    static func socketAddress(_ path: String) -> (sockaddr_un, socklen_t)? {
        var bytes = Array(path.utf8)
        let isAbstract = bytes.first == UInt8(ascii: "@")
        guard isAbstract || bytes.first == UInt8(ascii: "/") else { return nil }
        if isAbstract { bytes[0] = 0 } else { bytes.append(0) }
        var address = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count <= capacity, bytes.count > 1 else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { pathBytes in
            for (index, byte) in bytes.enumerated() { pathBytes[index] = byte }
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count
        return (address, socklen_t(length))
    }
}
