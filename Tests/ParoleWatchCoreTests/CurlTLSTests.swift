import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// Fetches `url` once through a fresh worker, failing unless it throws; returns the error.
private func fetchError(_ url: String, timeout: Duration = .seconds(3)) async throws -> FetchError {
    let worker = CurlWorker(maxConcurrentTransfers: 2, userAgent: "parolewatch/test")
    defer { worker.shutdown() }
    return try #require(
        await expectFetchError { () async throws(FetchError) in
            try await worker.perform(HTTPRequest(url: url, timeout: timeout, maxBodyBytes: 1 << 20))
        }
    )
}

@Suite("CurlWorker over TLS", .enabled(if: OpenSSLTestServer.isAvailable))
struct CurlTLSTests {
    @Test("a self-signed certificate is refused with a tls error")
    func selfSignedRefused() async throws {
        let server = try OpenSSLTestServer()
        defer { server.stop() }
        let error = try await fetchError(server.baseURL + "/")
        #expect(error.kind == .tls, "\(error)")
        #expect(
            error.message.hasPrefix("TLS certificate rejected (SSL certificate problem: self-signed certificate"),
            "\(error)"
        )
    }

    @Test("a certificate from a CA nobody trusts is refused with a tls error naming the missing issuer")
    func unknownIssuerRefused() async throws {
        let server = try OpenSSLTestServer(issuer: .unknownCA)
        defer { server.stop() }
        let error = try await fetchError(server.baseURL + "/")
        #expect(error.kind == .tls, "\(error)")
        #expect(
            error.message.hasPrefix("TLS certificate rejected (SSL certificate problem: unable to get local issuer"),
            "\(error)"
        )
    }
}

@Suite("CurlWorker against servers that break the TLS handshake")
struct CurlTLSHandshakeTests {
    @Test("a plain-HTTP server on an https URL is a tls error saying the server did not answer with TLS")
    func plainHTTPOnHTTPS() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("plain") }
        defer { server.stop() }
        let error = try await fetchError(server.url("/", scheme: "https"))
        #expect(error.kind == .tls, "\(error)")
        #expect(error.message.hasPrefix("TLS handshake failed: the server did not answer with TLS"), "\(error)")
        #expect(error.message.contains("wrong version number"), "\(error)")
    }

    @Test("a server that closes in the middle of its ServerHello is a tls error saying so")
    func closedMidHandshake() async throws {
        let server = try LoopbackHTTPServer(script: .truncatedServerHello)
        defer { server.stop() }
        let error = try await fetchError(server.url("/", scheme: "https"))
        #expect(error.kind == .tls, "\(error)")
        #expect(
            error.message.hasPrefix("TLS handshake failed: the server closed the connection mid-handshake"),
            "\(error)"
        )
    }

    @Test("junk in place of a ServerHello is a tls error with OpenSSL's reason")
    func junkServerHello() async throws {
        let server = try LoopbackHTTPServer(script: .junkServerHello)
        defer { server.stop() }
        let error = try await fetchError(server.url("/", scheme: "https"))
        #expect(error.kind == .tls, "\(error)")
        #expect(error.message.hasPrefix("TLS handshake failed ("), "\(error)")
        #expect(error.message.contains("unexpected message"), "\(error)")
    }

    @Test("a server that never starts the handshake times out on time, naming the TLS handshake")
    func handshakeStallTimesOut() async throws {
        let server = try LoopbackHTTPServer(script: .mute)
        defer { server.stop() }
        let start = ContinuousClock.now
        let error = try await fetchError(server.url("/", scheme: "https"), timeout: .seconds(1))
        let elapsed = ContinuousClock.now - start
        #expect(error.kind == .timedOut, "\(error)")
        #expect(error.message.hasPrefix("timed out after "), "\(error)")
        #expect(error.message.contains("s during the TLS handshake ("), "\(error)")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("a silent server over plain http times out without mentioning TLS")
    func plainStallIsNotTLS() async throws {
        let server = try LoopbackHTTPServer(script: .mute)
        defer { server.stop() }
        let error = try await fetchError(server.url("/"), timeout: .seconds(1))
        #expect(error.kind == .timedOut, "\(error)")
        #expect(!error.message.contains("TLS"), "\(error)")
    }
}
