import Glibc

/// The non-HTTP ``ConnectionScript``s, and the hang-up they share with the `400` for non-HTTP bytes.
extension ServerConnection {
    /// Reads and drops bytes until the client closes or the server stops.
    mutating func drainUntilClosed() {
        while receiveMore() {
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Sends `bytes`, half-closes, then drains: the client reads `bytes` and a clean end of stream
    /// instead of a reset for the bytes it sent that were never read.
    mutating func hangUp(after bytes: [UInt8]) {
        guard send(bytes) else { return }
        shutdown(socket, Int32(SHUT_WR))
        drainUntilClosed()
    }

    /// What a plain-HTTP server answers to bytes that are not HTTP.
    static let badRequest = Array(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\nBad Request\n"
            .utf8
    )

    /// Whether `byte` can begin a request: a method's first letter (or the CRLF some clients send
    /// between requests).
    static func canStartRequest(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == 13 || byte == 10
    }
}
