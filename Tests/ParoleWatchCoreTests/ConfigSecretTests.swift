import Foundation
import Testing

@testable import ParoleWatchCore

@Suite("Config secrets")
struct ConfigSecretTests {
    static let secretText = "whsec_c3VwZXItc2VjcmV0LWtleS1tYXRlcmlhbA=="

    @Test("a Secret prints <redacted> in every textual form, and reveal() gives it back")
    func secretIsRedacted() {
        let secret = Secret(Self.secretText)
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("c3VwZXI"))
        #expect(secret.reveal() == Self.secretText)
        #expect(secret.signingKey == Data("super-secret-key-material".utf8))
        #expect(Secret("whsec_!!").signingKey == nil)
        #expect(Secret("c3VwZXI=").signingKey == nil)
    }

    @Test("a loaded config holding a secret never shows it, however it is printed")
    func configNeverShowsSecret() throws {
        let sandbox = try ConfigSandbox()
        let config = try sandbox.load(
            "feeds: []\nsubscribers:\n  - {id: a, url: 'https://h.example/x', secret: \(Self.secretText)}\n"
        )
        #expect(config.subscribers.first?.secret == .inline(Secret(Self.secretText)))
        var dumped = ""
        dump(config, to: &dumped)
        for text in [String(describing: config), String(reflecting: config), "\(config.subscribers)", dumped] {
            #expect(!text.contains("c3VwZXI"))
            #expect(text.contains("<redacted>") || text == dumped)
        }
    }

    @Test(
        "problems about secrets and webhook URLs never quote the secret text or the URL's token",
        arguments: [
            "secret: sk_live_TOPSECRET",
            "secret: whsec_TOPSECRET!!",
            "secret: 'TOPSECRET'",
            "secret: {TOPSECRET: 1}",
            "secret_file: topsecret.txt",
            "url: 'ftp://bot:TOPSECRET@h.example/x', secret: whsec_dGVzdA==",
            "url: 'https://api.example/botTOPSECRET /send', secret: whsec_dGVzdA==",
            "url: 'TOPSECRET', secret: whsec_dGVzdA==",
            "url: 'https://h.example/x', secret: whsec_TOPSECRET, secret_file: topsecret.txt",
        ]
    )
    func problemsNeverShowSecrets(_ fields: String) throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("topsecret.txt", "not a whsec secret: TOPSECRET\n")
        let url = fields.hasPrefix("url:") ? "" : "url: 'https://h.example/x', "
        let problems = try sandbox.problems("feeds: []\nsubscribers:\n  - {id: a, \(url)\(fields)}\n")
        #expect(!problems.isEmpty)
        for problem in problems {
            #expect(!problem.contains("TOPSECRET"), "\(problem)")
        }
    }

    @Test("a secret file holding a malformed secret is reported without its content")
    func reportsMalformedSecretFile() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("keys/bad.secret", "TOPSECRET\n")
        let problems = try sandbox.problems(
            "feeds: []\nsubscribers:\n  - {id: a, url: 'https://h.example/x', secret_file: keys/bad.secret}\n"
        )
        #expect(
            problems == [
                "parolewatch.yaml:3:54: subscribers[0].secret_file: secret file 'keys/bad.secret' does not hold whsec_ followed by a base64 key"
            ]
        )
    }

    @Test("SecretSource.resolve reads files and systemd credentials, trimming the newline")
    func resolvesSecretSources() throws {
        let sandbox = try ConfigSandbox()
        try sandbox.write("creds/hook", Self.secretText + "\n")
        let file = URL(fileURLWithPath: sandbox.absolutePath("creds/hook"))
        #expect(try SecretSource.file(file).resolve(credentialsDirectory: nil).reveal() == Self.secretText)
        let viaCredential = try SecretSource.credential("hook").resolve(
            credentialsDirectory: sandbox.absolutePath("creds")
        )
        #expect(viaCredential.reveal() == Self.secretText)
        #expect(try SecretSource.inline(Secret("x")).resolve(credentialsDirectory: nil) == Secret("x"))
        #expect(throws: SecretResolutionError.self) {
            try SecretSource.credential("hook").resolve(credentialsDirectory: nil)
        }
        #expect(throws: SecretResolutionError.self) {
            try SecretSource.credential("absent").resolve(credentialsDirectory: sandbox.absolutePath("creds"))
        }
    }
}
