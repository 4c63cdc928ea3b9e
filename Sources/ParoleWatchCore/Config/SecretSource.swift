import Foundation

/// Where a subscriber's webhook secret comes from: the config text (`secret:`), a file (`secret_file:`), or a
/// systemd credential (`secret_credential:`, read from `$CREDENTIALS_DIRECTORY/NAME` as `LoadCredential=` sets up).
///
/// Loading the config checks an inline secret's form and that a secret file exists, is readable and holds a
/// well-formed secret; a credential is only checked for a valid name, since it exists only under systemd.
public enum SecretSource: Sendable, Equatable {
    /// `secret: whsec_…` written in the config.
    case inline(Secret)
    /// `secret_file: PATH`, absolute; the file holds the `whsec_…` text.
    case file(URL)
    /// `secret_credential: NAME`, read from `$CREDENTIALS_DIRECTORY/NAME`.
    case credential(String)

    /// Reads the secret now: the inline value, the file's text, or the credential file in `credentialsDirectory`
    /// (normally the `CREDENTIALS_DIRECTORY` environment variable), with surrounding whitespace removed.
    ///
    /// Blocking file I/O; call off the cooperative pool if the file may be on a slow disk. Errors never hold
    /// secret text.
    public func resolve(credentialsDirectory: String?) throws(SecretResolutionError) -> Secret {
        let url: URL
        switch self {
        case .inline(let secret):
            return secret
        case .file(let file):
            url = file
        case .credential(let name):
            guard let directory = credentialsDirectory, !directory.isEmpty else {
                throw SecretResolutionError(
                    source: "credential '\(name)'",
                    reason: "CREDENTIALS_DIRECTORY is not set; run under systemd with LoadCredential=\(name):PATH"
                )
            }
            url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SecretResolutionError(source: url.path, reason: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Secret.decodeKey(text) != nil else {
            throw SecretResolutionError(source: url.path, reason: "expected whsec_ followed by a base64 key")
        }
        return Secret(text)
    }
}

/// A secret that could not be read when it was needed (the file vanished, the credential is missing).
public struct SecretResolutionError: Error, CustomStringConvertible, Sendable {
    /// The file path or credential name that was tried.
    public var source: String
    /// Why it failed; never contains the secret text.
    public var reason: String

    /// `webhook secret SOURCE: REASON`.
    public var description: String { "webhook secret \(source): \(reason)" }
}
