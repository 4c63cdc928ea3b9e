/// What ``LoopbackHTTPServer`` does with each connection it accepts. Every script but ``http``
/// ignores the server's handler: they stand in for servers that break a TLS client's handshake.
public enum ConnectionScript: Sendable {
    /// Reads HTTP requests and answers each with the handler's ``Reply``. Bytes that cannot start
    /// a request line (a TLS ClientHello, say) get `400 Bad Request` and a close, as from a real
    /// plain-HTTP server.
    case http
    /// Reads and drops whatever the client sends and never answers, until the client closes or
    /// the server stops: a TLS client waits for a ServerHello that never comes.
    case mute
    /// Waits for the client's first bytes, sends `bytes`, then half-closes and reads until the
    /// client closes (so the client sees a clean end of stream, not a reset).
    case answerFirstBytes(with: [UInt8])

    /// One TLS handshake record of 8 bytes of junk (an unknown handshake message type) in place
    /// of a ServerHello: OpenSSL clients fail with `unexpected message`.
    public static let junkServerHello = ConnectionScript.answerFirstBytes(
        with: [0x16, 0x03, 0x03, 0x00, 0x08, 0xDE, 0xAD, 0xBE, 0xEF, 0xDE, 0xAD, 0xBE, 0xEF])

    /// The first 4 bytes of a ServerHello whose record announces 512, then the end of the
    /// connection: the handshake is cut off in the middle.
    public static let truncatedServerHello = ConnectionScript.answerFirstBytes(
        with: [0x16, 0x03, 0x03, 0x02, 0x00, 0x02, 0x00, 0x01, 0xFC])
}
