import TestSupport
import Testing

/// Certificates that verification must refuse need real TLS servers: `openssl s_server`.
///
/// The daemon trusts only the system CA store and has no option to add a CA, so a test cannot
/// make it trust a test CA: an expired certificate or one for another host name fails first as
/// untrusted (`self-signed certificate`, `unable to get local issuer certificate`), and those two
/// untrusted cases are what is tested here.
extension HostileFeedsTests {
    @Test(
        "certificates no client can trust (self-signed, from an unknown CA): each feed named with its certificate problem, good ones stored, on time",
        .enabled(if: OpenSSLTestServer.isAvailable)
    )
    func untrustedCertificates() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path.hasPrefix("/good-") ? .ok(Self.goodRSS, contentType: "application/rss+xml") : .status(404)
        }
        let selfSigned = try OpenSSLTestServer()
        let unknownCA = try OpenSSLTestServer(issuer: .unknownCA)
        defer {
            server.stop()
            selfSigned.stop()
            unknownCA.stop()
        }
        let reasons = [
            "tls-self-signed": "TLS certificate rejected (SSL certificate problem: self-signed certificate)",
            "tls-unknown-ca":
                "TLS certificate rejected (SSL certificate problem: unable to get local issuer certificate)",
        ]
        let feeds = [
            (id: "good-1", url: server.url("/good-1.xml")),
            (id: "good-2", url: server.url("/good-2.xml")),
            (id: "tls-self-signed", url: selfSigned.baseURL + "/feed.xml"),
            (id: "tls-unknown-ca", url: unknownCA.baseURL + "/feed.xml"),
        ]
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write(Self.config(feeds: feeds), to: "certificates.yaml")

        let run = try await WatchedRun(config: "certificates.yaml", in: folder.url)
        Self.expectContained(run, hostile: Array(reasons.keys))
        for (id, reason) in reasons {
            let line = run.errorLine(id) ?? ""
            #expect(line.contains(reason), "\(id): \(line)")
        }
    }
}
