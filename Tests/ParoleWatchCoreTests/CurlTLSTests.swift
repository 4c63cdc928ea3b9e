import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("CurlWorker over TLS", .enabled(if: OpenSSLTestServer.isAvailable))
struct CurlTLSTests {
    @Test("a self-signed certificate is refused with a tls error")
    func selfSignedRefused() async throws {
        let server = try OpenSSLTestServer()
        defer { server.stop() }
        let worker = CurlWorker(maxConcurrentTransfers: 2, userAgent: "parolewatch/test")
        defer { worker.shutdown() }
        let error = try #require(
            await expectFetchError { () async throws(FetchError) in
                try await worker.perform(
                    HTTPRequest(url: server.baseURL + "/", timeout: .seconds(3), maxBodyBytes: 1 << 20)
                )
            }
        )
        #expect(error.kind == .tls, "\(error)")
        #expect(error.message.lowercased().contains("certificate"))
    }
}
