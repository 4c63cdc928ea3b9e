import Foundation
import Glibc

/// A TLS endpoint on 127.0.0.1 for tests: `openssl s_server -www` with a fresh certificate that
/// no system trusts, so clients that verify certificates (as ours do) must refuse it.
///
/// Needs the `openssl` command (package `openssl`); ``isAvailable`` says whether it is there.
public final class OpenSSLTestServer: Sendable {
    public static let executable = "/usr/bin/openssl"
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Who signed the server's certificate. Either way the client cannot trust it, and OpenSSL
    /// names a different reason.
    public enum Issuer: Sendable {
        /// The certificate signs itself: `self-signed certificate`.
        case itself
        /// A throwaway CA that the server does not send and nobody trusts:
        /// `unable to get local issuer certificate`.
        case unknownCA
    }

    public let port: Int
    private let process: Process
    private let directory: URL

    /// Generates a P-256 certificate for `localhost` signed by `issuer`, starts `s_server`, and
    /// waits (up to 3 s) until it accepts connections.
    public init(issuer: Issuer = .itself) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parolewatch-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        try Self.makeCertificate(issuer: issuer, key: key, certificate: certificate, in: directory)
        port = try Self.freeLoopbackPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www", "-quiet",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(3)
        while !Self.accepts(port: port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw LoopbackServerError(call: "openssl s_server start")
            }
            usleep(20_000)
        }
    }

    deinit {
        stop()
    }

    /// `https://127.0.0.1:<port>`.
    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// Terminates `openssl` and removes the certificate. Idempotent.
    public func stop() {
        if process.isRunning {
            // SIGKILL, not terminate(): the child inherits the test runner's signal mask, in which
            // Foundation and Dispatch block SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `key` and `certificate` (for `localhost`, valid one day) as `issuer` says; a CA's
    /// files stay in `directory`.
    private static func makeCertificate(
        issuer: Issuer,
        key: String,
        certificate: String,
        in directory: URL
    ) throws {
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let selfSigned = ["req", "-x509", "-days", "1"] + newKey
        switch issuer {
        case .itself:
            try run(selfSigned + ["-subj", "/CN=localhost", "-keyout", key, "-out", certificate])
        case .unknownCA:
            let caKey = directory.appendingPathComponent("ca-key.pem").path
            let ca = directory.appendingPathComponent("ca.pem").path
            let request = directory.appendingPathComponent("request.pem").path
            try run(selfSigned + ["-subj", "/CN=ParoleWatch test CA", "-keyout", caKey, "-out", ca])
            try run(["req", "-new"] + newKey + ["-subj", "/CN=localhost", "-keyout", key, "-out", request])
            try run([
                "x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-set_serial", "1", "-days", "1",
                "-out", certificate,
            ])
        }
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LoopbackServerError(call: "openssl \(arguments[0])") }
    }

    /// A port the kernel just handed out on 127.0.0.1 (closed again, so another process could
    /// take it first: acceptable for tests).
    private static func freeLoopbackPort() throws -> Int {
        let server = try LoopbackHTTPServer { _ in .closeAbruptly }
        let port = server.port
        server.stop()
        return port
    }

    private static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
