import ParoleWatchCore

/// How the loopback server frames a response body.
public enum BodyFraming: Sendable {
    /// `Content-Length`, connection kept alive.
    case contentLength
    /// `Transfer-Encoding: chunked`, connection kept alive.
    case chunked
    /// No length: the body ends when the server closes the connection.
    case closeDelimited
}

/// What the loopback server does with one request.
public indirect enum Reply: Sendable {
    /// A normal response. A `Content-Length` in `headers` replaces the computed one.
    case respond(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = [], framing: BodyFraming = .contentLength)
    /// Status line and headers (with `Content-Length`) at once, then `body` in `bytesPerStep`-byte
    /// pieces, one every `interval`.
    case trickle(
        status: Int = 200,
        headers: [HTTPHeader] = [],
        body: [UInt8],
        bytesPerStep: Int = 1,
        interval: Duration
    )
    /// Headers, then an endless stream of `x` bytes until the client goes away or the server stops.
    case endless(status: Int = 200, headers: [HTTPHeader] = [], framing: BodyFraming = .chunked)
    /// Never answers; holds the connection open until the client closes it or the server stops.
    case silent
    /// Closes the connection with a TCP reset, without answering.
    case closeAbruptly
    /// A redirect to `location`.
    case redirect(to: String, status: Int = 302)
    /// Waits, then does `reply`.
    case delayed(Duration, Reply)

    /// 200 with a UTF-8 text body.
    public static func ok(_ text: String, contentType: String = "text/plain", headers: [HTTPHeader] = []) -> Reply {
        .respond(
            status: 200,
            headers: [HTTPHeader(name: "Content-Type", value: contentType)] + headers,
            body: Array(text.utf8)
        )
    }

    /// A bodyless response with the given status and headers.
    public static func status(_ status: Int, headers: [HTTPHeader] = []) -> Reply {
        .respond(status: status, headers: headers)
    }
}
