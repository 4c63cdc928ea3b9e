import Dispatch
import Foundation
import Glibc
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for tests: raw POSIX sockets, one thread per connection,
/// keep-alive, and replies that misbehave on demand (see ``Reply``).
///
/// It records every request and the peak numbers of open connections and of requests being
/// answered at once. ``stop()`` ends everything, including silent and trickling connections,
/// within a few milliseconds; it is idempotent and runs on deinit too.
public final class LoopbackHTTPServer: Sendable {
    /// Counters and records, guarded by one lock.
    struct State: Sendable {
        var requests: [RecordedRequest] = []
        var connectionsAccepted = 0
        var openConnections = 0
        var maxOpenConnections = 0
        var activeRequests = 0
        var maxActiveRequests = 0
        var isStopped = false
    }

    /// The port the kernel picked.
    public let port: Int
    let listenSocket: Int32
    /// Written once by ``stop()`` and never read: every poll() in the server watches its read end.
    let stopPipe: (read: Int32, write: Int32)
    let handler: @Sendable (RecordedRequest) -> Reply
    let script: ConnectionScript
    let state = Mutex(State())
    let threads = DispatchGroup()

    /// Starts listening on 127.0.0.1, port 0, and accepting on a background thread. Each
    /// connection follows `script`; the default serves HTTP through `handler`.
    public init(script: ConnectionScript = .http, handler: @escaping @Sendable (RecordedRequest) -> Reply) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoopbackServerError(call: "socket") }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 512) == 0 else {
            close(socket)
            throw LoopbackServerError(call: "bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            close(socket)
            throw LoopbackServerError(call: "pipe")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listenSocket = socket
        stopPipe = (pipeFDs[0], pipeFDs[1])
        self.handler = handler
        self.script = script
        threads.enter()
        Thread { [self] in
            acceptLoop()
            threads.leave()
        }.start()
    }

    /// A server whose every connection follows a non-HTTP `script`, e.g.
    /// ``ConnectionScript/truncatedServerHello`` behind an `https://` URL (see ``url(_:scheme:)``).
    public convenience init(script: ConnectionScript) throws {
        try self.init(script: script) { _ in .status(404) }
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` + `path` (which starts with `/`).
    public func url(_ path: String) -> String { baseURL + path }

    /// `<scheme>://127.0.0.1:<port>` + `path`: `url("/feed", scheme: "https")` asks this server,
    /// which never speaks TLS, for a TLS handshake.
    public func url(_ path: String, scheme: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Most connections open at the same time.
    public var maxOpenConnections: Int { state.withLock { $0.maxOpenConnections } }

    /// Most requests being answered (handler called, reply not finished) at the same time.
    public var maxActiveRequests: Int { state.withLock { $0.maxActiveRequests } }

    /// Connections open right now.
    public var openConnections: Int { state.withLock { $0.openConnections } }

    /// Connections accepted so far.
    public var connectionsAccepted: Int { state.withLock { $0.connectionsAccepted } }

    /// Stops accepting, ends every connection (silent, trickling and endless ones too) and waits
    /// up to 2 s for the threads. Idempotent.
    public func stop() {
        let first = state.withLock { state in
            defer { state.isStopped = true }
            return !state.isStopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        if threads.wait(timeout: .now() + 2) == .success {
            close(stopPipe.read)
            close(stopPipe.write)
        }
        // Else a thread is stuck outside poll(); leaking two descriptors beats closing one in use.
    }

    private func acceptLoop() {
        defer { close(listenSocket) }
        while true {
            var fds = [
                pollfd(fd: listenSocket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { return }
            let connection = accept(listenSocket, nil, nil)
            guard connection >= 0 else { continue }
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let id = state.withLock { state in
                state.connectionsAccepted += 1
                state.openConnections += 1
                state.maxOpenConnections = max(state.maxOpenConnections, state.openConnections)
                return state.connectionsAccepted
            }
            threads.enter()
            Thread { [self] in
                var handler = ServerConnection(server: self, socket: connection, id: id)
                handler.run()
                close(connection)
                state.withLock { $0.openConnections -= 1 }
                threads.leave()
            }.start()
        }
    }

    func record(_ request: RecordedRequest) {
        state.withLock { state in
            state.requests.append(request)
            state.activeRequests += 1
            state.maxActiveRequests = max(state.maxActiveRequests, state.activeRequests)
        }
    }

    func requestDone() {
        state.withLock { $0.activeRequests -= 1 }
    }
}

/// A socket call failed while starting the loopback server.
public struct LoopbackServerError: Error, CustomStringConvertible {
    public var call: String
    public var code: Int32 = errno
    public var description: String { "loopback HTTP server: \(call) failed: \(String(cString: strerror(code)))" }
}
