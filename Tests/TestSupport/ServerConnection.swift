import Foundation
import Glibc
import ParoleWatchCore

/// One accepted connection of ``LoopbackHTTPServer``: reads requests, answers them per ``Reply``.
/// Every wait (read, write, delay) also watches the server's stop pipe, so stop() ends it.
struct ServerConnection {
    let server: LoopbackHTTPServer
    let socket: Int32
    let id: Int
    var buffer: [UInt8] = []

    init(server: LoopbackHTTPServer, socket: Int32, id: Int) {
        self.server = server
        self.socket = socket
        self.id = id
    }

    mutating func run() {
        switch server.script {
        case .http: serveHTTP()
        case .mute: drainUntilClosed()
        case .answerFirstBytes(let bytes): if receiveMore() { hangUp(after: bytes) }
        }
    }

    private mutating func serveHTTP() {
        while let request = readRequest() {
            server.record(request)
            let reply = server.handler(request)
            let keepAlive = answer(reply, to: request)
            server.requestDone()
            let clientCloses = request.header("Connection")?.lowercased() == "close"
            if !keepAlive || clientCloses { return }
        }
    }

    // MARK: Reading

    private mutating func readRequest() -> RecordedRequest? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if let first = buffer.first, !Self.canStartRequest(first) {
                hangUp(after: Self.badRequest)
                return nil
            }
            if let end = buffer.firstRange(of: terminator) {
                headEnd = end.upperBound
                break
            }
            if buffer.count > 1 << 20 || !receiveMore() { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<(headEnd - 4)], as: UTF8.self)
        buffer.removeFirst(headEnd)
        var lines = head.components(separatedBy: "\r\n")[...]
        let requestLine = lines.popFirst()?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [HTTPHeader] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                HTTPHeader(
                    name: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            )
        }
        var request = RecordedRequest(
            method: String(requestLine[0]),
            target: String(requestLine[1]),
            headers: headers,
            body: [],
            connectionID: id
        )
        if request.header("Expect")?.lowercased() == "100-continue" {
            // The interim header lets tests check that clients drop interim responses' headers.
            guard send(Array("HTTP/1.1 100 Continue\r\nX-Interim: continue\r\n\r\n".utf8)) else { return nil }
        }
        if request.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            guard let body = readChunkedBody() else { return nil }
            request.body = body
            return request
        }
        let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
        guard fill(to: length) else { return nil }
        request.body = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return request
    }

    /// Reads until `buffer` holds at least `count` bytes.
    private mutating func fill(to count: Int) -> Bool {
        while buffer.count < count {
            guard receiveMore() else { return false }
        }
        return true
    }

    /// Reads one CRLF-terminated line (without the CRLF).
    private mutating func readLine() -> String? {
        while true {
            if let end = buffer.firstRange(of: [13, 10]) {
                let line = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeFirst(end.upperBound)
                return line
            }
            guard buffer.count < 65_536, receiveMore() else { return nil }
        }
    }

    /// A `Transfer-Encoding: chunked` request body; trailers are read and dropped.
    private mutating func readChunkedBody() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = readLine(),
                let size = Int(sizeLine.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces), radix: 16)
            else { return nil }
            if size == 0 {
                while let trailer = readLine(), !trailer.isEmpty {}
                return body
            }
            guard fill(to: size + 2) else { return nil }
            body.append(contentsOf: buffer[..<size])
            buffer.removeFirst(size + 2)
        }
    }

    /// Reads whatever is available; false on EOF, error or server stop.
    mutating func receiveMore() -> Bool {
        guard wait(for: Int16(POLLIN), timeoutMs: -1) else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    // MARK: Answering

    /// Performs `reply`; returns whether the connection may carry another request.
    private func answer(_ reply: Reply, to request: RecordedRequest) -> Bool {
        switch reply {
        case .respond(let status, let headers, let body, let framing):
            let bodyless = request.method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status)
            var head = headers
            switch framing {
            case .contentLength:
                if !bodyless && !head.contains(where: { $0.name.lowercased() == "content-length" }) {
                    head.append(HTTPHeader(name: "Content-Length", value: "\(body.count)"))
                }
                return send(statusHead(status, head)) && (bodyless || send(body))
            case .chunked:
                head.append(HTTPHeader(name: "Transfer-Encoding", value: "chunked"))
                guard send(statusHead(status, head)) else { return false }
                var offset = 0
                while offset < body.count {
                    let piece = body[offset..<min(body.count, offset + 16_384)]
                    guard send(Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + [13, 10]) else {
                        return false
                    }
                    offset += piece.count
                }
                return send(Array("0\r\n\r\n".utf8))
            case .closeDelimited:
                head.append(HTTPHeader(name: "Connection", value: "close"))
                _ = send(statusHead(status, head)) && send(body)
                return false
            }
        case .trickle(let status, let headers, let body, let bytesPerStep, let interval):
            let head = headers + [HTTPHeader(name: "Content-Length", value: "\(body.count)")]
            guard send(statusHead(status, head)) else { return false }
            var offset = 0
            while offset < body.count {
                guard pause(interval) else { return false }
                let piece = Array(body[offset..<min(body.count, offset + max(1, bytesPerStep))])
                guard send(piece) else { return false }
                offset += piece.count
            }
            return true
        case .endless(let status, let headers, let framing):
            var head = headers
            head.append(
                framing == .chunked
                    ? HTTPHeader(name: "Transfer-Encoding", value: "chunked")
                    : HTTPHeader(name: "Connection", value: "close")
            )
            guard send(statusHead(status, head)) else { return false }
            let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 65_536)
            let chunk = framing == .chunked ? Array("10000\r\n".utf8) + piece + [13, 10] : piece
            while send(chunk) {}
            return false
        case .silent:
            // Wait until the client hangs up (readable + EOF) or the server stops.
            while wait(for: Int16(POLLIN), timeoutMs: -1) {
                var byte: UInt8 = 0
                if recv(socket, &byte, 1, 0) <= 0 { break }
            }
            return false
        case .closeAbruptly:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            return false
        case .redirect(let location, let status):
            return answer(
                .respond(
                    status: status,
                    headers: [HTTPHeader(name: "Location", value: location)],
                    body: Array("redirecting to \(location)\n".utf8)
                ),
                to: request
            )
        case .delayed(let delay, let inner):
            return pause(delay) && answer(inner, to: request)
        }
    }

    private func statusHead(_ status: Int, _ headers: [HTTPHeader]) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    // MARK: Socket waits

    /// Writes all of `bytes`; false when the peer is gone or the server stops.
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard wait(for: Int16(POLLOUT), timeoutMs: -1) else { return false }
            let sent = bytes.withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Sleeps for `duration`; false when the server stops meanwhile.
    private func pause(_ duration: Duration) -> Bool {
        let milliseconds = Int32(
            clamping: duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        )
        let deadline = ContinuousClock.now + duration
        var remaining = milliseconds
        while remaining > 0 {
            var fds = [pollfd(fd: server.stopPipe.read, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 1, remaining) > 0 { return false }
            let left = deadline - ContinuousClock.now
            remaining = Int32(
                clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            )
        }
        return true
    }

    /// Waits until the socket is ready for `events`; false on stop, hang-up (for writes) or error.
    private func wait(for events: Int16, timeoutMs: Int32) -> Bool {
        while true {
            var fds = [
                pollfd(fd: socket, events: events, revents: 0),
                pollfd(fd: server.stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, timeoutMs)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 || fds[1].revents != 0 { return false }
            if fds[0].revents & Int16(POLLERR | POLLNVAL) != 0 { return false }
            if events == Int16(POLLOUT) && fds[0].revents & Int16(POLLHUP) != 0 { return false }
            return true
        }
    }
}
