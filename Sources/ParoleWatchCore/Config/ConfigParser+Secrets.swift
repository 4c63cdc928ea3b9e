import Foundation
import Yams

extension ConfigParser {
    static let secretKeys = ["secret", "secret_file", "secret_credential"]

    /// Exactly one of `secret`, `secret_file`, `secret_credential`. Secret text never appears in a message.
    func secretSource(_ fields: MappingFields) -> SecretSource? {
        let given = fields.entries.filter { Self.secretKeys.contains($0.name) }
        guard let chosen = given.first else {
            reader.report(
                fields.node,
                fields.path("secret"),
                "missing; give one of secret, secret_file or secret_credential"
            )
            return nil
        }
        guard given.count == 1 else {
            for extra in given.dropFirst() {
                reader.report(
                    extra.key,
                    fields.path(extra.name),
                    "give only one of secret, secret_file or secret_credential; '\(chosen.name)' is already set"
                )
            }
            return nil
        }
        let keyPath = fields.path(chosen.name)
        switch chosen.name {
        case "secret": return inlineSecret(chosen.value, keyPath)
        case "secret_file": return secretFile(chosen.value, keyPath)
        default: return credential(chosen.value, keyPath)
        }
    }

    /// `secret: whsec_<base64>`. Problems describe the text without quoting it.
    private func inlineSecret(_ node: Node, _ keyPath: String) -> SecretSource? {
        guard let text = reader.text(node, keyPath, what: "whsec_ followed by a base64 key", quoteValue: false) else {
            return nil
        }
        guard text.hasPrefix(Secret.prefix) else {
            reader.report(node, keyPath, "expected whsec_ followed by a base64 key; the value (not shown) lacks whsec_")
            return nil
        }
        guard Secret.decodeKey(text) != nil else {
            reader.report(node, keyPath, "the text after whsec_ (not shown) is not valid, non-empty base64")
            return nil
        }
        return .inline(Secret(text))
    }

    /// `secret_file: PATH`: the file must exist, be readable and hold a well-formed secret now, so a typo is
    /// caught by `check-config` rather than at the first delivery.
    private func secretFile(_ node: Node, _ keyPath: String) -> SecretSource? {
        guard let written = reader.text(node, keyPath, what: "the path of a file holding the secret") else {
            return nil
        }
        let path = ConfigPaths.join(folder, written)
        let shown = reader.displayPath(written)
        switch ConfigPaths.kind(of: path) {
        case .missing:
            reader.report(node, keyPath, "secret file '\(shown)' does not exist")
            return nil
        case .directory:
            reader.report(node, keyPath, "secret file '\(shown)' is a folder")
            return nil
        case .file:
            break
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            reader.report(node, keyPath, "cannot read secret file '\(shown)'; check its permissions")
            return nil
        }
        let source = SecretSource.file(URL(fileURLWithPath: path, isDirectory: false))
        do {
            _ = try source.resolve(credentialsDirectory: nil)
        } catch {
            reader.report(node, keyPath, "secret file '\(shown)' does not hold whsec_ followed by a base64 key")
            return nil
        }
        return source
    }

    /// `secret_credential: NAME`: a name `LoadCredential=` accepts; the file exists only under systemd, so it is
    /// read when the secret is needed (`SecretSource.resolve(credentialsDirectory:)`).
    private func credential(_ node: Node, _ keyPath: String) -> SecretSource? {
        guard let name = reader.text(node, keyPath, what: "a systemd credential name") else { return nil }
        let isValid =
            name != "." && name != ".." && name.count <= 255
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-@".contains(Character($0)))
            }
        guard isValid else {
            reader.report(
                node,
                keyPath,
                "'\(name.prefix(80))' is not a credential name; use letters, digits, '.', '_', '-' or '@' as in LoadCredential="
            )
            return nil
        }
        return .credential(name)
    }
}
