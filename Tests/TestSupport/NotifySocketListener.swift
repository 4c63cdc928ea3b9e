import Foundation
import Glibc
import Synchronization

/// A stand-in for systemd's notification socket: a Unix datagram socket that records every message sent to it,
/// with the time it arrived.
///
/// Bind it to a file (`.path`, in a fresh temp folder) or to a name in the abstract namespace (`.abstract`, given to
/// the daemon as `@name`). `notifySocket` is the value for `$NOTIFY_SOCKET`. A background thread receives until
/// ``stop()`` (idempotent; also on deinit).
public final class NotifySocketListener: Sendable {
    /// Where the socket lives.
    public enum Address: Sendable {
        /// A socket file in a fresh temporary folder.
        case path
        /// A random name in the abstract namespace.
        case abstract
    }

    /// One datagram.
    public struct Message: Sendable {
        /// The text, e.g. `READY=1\nSTATUS=…`.
        public var text: String
        /// When it arrived.
        public var receivedAt: ContinuousClock.Instant

        /// The `KEY=VALUE` lines.
        public var lines: [String] { text.split(separator: "\n").map(String.init) }

        /// The value of `KEY=` in this message, if present.
        public func value(of key: String) -> String? {
            lines.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
    }

    /// `$NOTIFY_SOCKET` for the daemon: the file path, or `@name`.
    public let notifySocket: String
    private let socket: Int32
    private let folder: URL?
    private let stopPipe: (read: Int32, write: Int32)
    private let state = Mutex<(messages: [Message], isStopped: Bool)>(([], false))
    private let done = DispatchSemaphore(value: 0)

    /// Binds the socket and starts receiving.
    public init(_ kind: Address) throws {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw LoopbackServerError(call: "socket(AF_UNIX)") }
        var nameBytes: [UInt8]
        switch kind {
        case .path:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pw-notify-\(UUID().uuidString.prefix(8))"
            )
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            self.folder = folder
            notifySocket = folder.appendingPathComponent("notify").path
            nameBytes = Array(notifySocket.utf8) + [0]
        case .abstract:
            folder = nil
            notifySocket = "@parolewatch-test-\(UUID().uuidString)"
            nameBytes = [0] + Array(notifySocket.utf8.dropFirst())
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in nameBytes.enumerated() { path[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + nameBytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        var pipeFDs: [Int32] = [0, 0]
        guard bound == 0, pipe(&pipeFDs) == 0 else {
            close(socket)
            throw LoopbackServerError(call: "bind/pipe")
        }
        self.socket = socket
        stopPipe = (pipeFDs[0], pipeFDs[1])
        Thread { [self] in
            receiveLoop()
            done.signal()
        }.start()
    }

    deinit {
        stop()
    }

    /// Every message so far, in arrival order.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// The first message (in arrival order, from index `after` on) whose text satisfies `condition`, waiting up to
    /// `timeout` for it; nil on timeout.
    public func waitForMessage(
        after index: Int = 0,
        timeout: Duration,
        where condition: (Message) -> Bool
    ) -> (index: Int, message: Message)? {
        let deadline = ContinuousClock.now + timeout
        repeat {
            let all = messages
            if index < all.count, let found = all[index...].firstIndex(where: condition) {
                return (found, all[found])
            }
            Thread.sleep(forTimeInterval: 0.02)
        } while ContinuousClock.now < deadline
        return nil
    }

    /// Stops receiving, closes the socket and removes its file. Idempotent.
    public func stop() {
        let first = state.withLock { state in
            defer { state.isStopped = true }
            return !state.isStopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        done.wait()
        close(socket)
        close(stopPipe.read)
        close(stopPipe.write)
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var fds = [
                pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { return }
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let message = Message(text: String(decoding: buffer[..<count], as: UTF8.self), receivedAt: .now)
            state.withLock { $0.messages.append(message) }
        }
    }
}
