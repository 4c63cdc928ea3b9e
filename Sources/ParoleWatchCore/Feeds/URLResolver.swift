import Foundation

/// Resolves possibly relative references against a base, the way Python's `urljoin` does for feeds.
enum URLResolver {
    /// Schemes whose references can be relative (Python's `urllib.parse.uses_relative`); a reference with
    /// any other scheme (`tag:`, `urn:`, `mailto:`) is already absolute and is returned unchanged.
    private static let relativeSchemes: Set<String> = [
        "http", "https", "ftp", "file", "ws", "wss", "gopher", "nntp", "imap", "wais", "shttp", "mms",
        "prospero", "rtsp", "rtspu", "rtsps", "sftp", "svn", "svn+ssh",
    ]

    /// `reference` resolved against `base`; unchanged when there is no base or it cannot be resolved.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return reference }
        if reference.isEmpty { return base }
        if let scheme = scheme(of: reference) {
            guard relativeSchemes.contains(scheme), !reference.hasPrefix(scheme + "://") else { return reference }
        }
        guard let baseURL = URL(string: base), baseURL.scheme != nil,
            let resolved = URL(string: reference, relativeTo: baseURL)
        else { return reference }
        return resolved.absoluteString
    }

    /// The lowercased scheme of `reference`, or nil when it has none.
    private static func scheme(of reference: String) -> String? {
        var scheme = ""
        for (offset, byte) in reference.utf8.enumerated() {
            let isLetter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
            if byte == 0x3A { return offset > 0 ? scheme.lowercased() : nil }
            if isLetter
                || (offset > 0 && ((byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E))
            {
                scheme.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                return nil
            }
        }
        return nil
    }
}
