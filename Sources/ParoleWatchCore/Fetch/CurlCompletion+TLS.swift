import CCurl

/// Words for TLS failures that say what the operator is looking at; libcurl's own text still
/// follows in parentheses.
extension CurlCompletion {
    /// The summary for `CURLE_SSL_CONNECT_ERROR`, from libcurl's error text (which carries
    /// OpenSSL's reason), e.g. `TLS handshake failed: the server did not answer with TLS (…)`.
    static func handshakeFailureSummary(_ curlText: String) -> String {
        let text = curlText.lowercased()
        // OpenSSL's reasons when the first bytes back are no TLS record, e.g. `HTTP/1.1 400`.
        let notTLS = ["wrong version number", "packet length too long", "record layer failure"]
        // The peer closed or reset the connection before the handshake finished.
        let closed = ["ssl_error_syscall", "unexpected eof", "connection reset", "recv failure", "send failure"]
        if notTLS.contains(where: text.contains) {
            return "TLS handshake failed: the server did not answer with TLS; plain HTTP on an https:// URL?"
        }
        if closed.contains(where: text.contains) {
            return "TLS handshake failed: the server closed the connection mid-handshake"
        }
        return "TLS handshake failed"
    }

    /// True when `easy` connected over TCP to an https server (it has the peer's address) but got
    /// neither through the TLS handshake nor to sending the request: the time ran out waiting for
    /// the server's side of the handshake. (libcurl's connect timer counts the handshake as part of
    /// connecting, so it cannot tell.) After a redirect the peer address may be the previous
    /// connection's, so this answers false there rather than guess.
    static func stalledInTLSHandshake(_ easy: UnsafeMutableRawPointer) -> Bool {
        var scheme: UnsafeMutablePointer<CChar>? = nil
        var peer: UnsafeMutablePointer<CChar>? = nil
        guard pw_easy_getinfo_string(easy, CURLINFO_SCHEME, &scheme) == CURLE_OK, let scheme,
            String(cString: scheme).lowercased() == "https",
            pw_easy_getinfo_string(easy, CURLINFO_PRIMARY_IP, &peer) == CURLE_OK, let peer, peer.pointee != 0
        else { return false }
        var redirects = 0
        var appConnect: curl_off_t = 0
        var preTransfer: curl_off_t = 0
        _ = pw_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        _ = pw_easy_getinfo_off(easy, CURLINFO_APPCONNECT_TIME_T, &appConnect)
        _ = pw_easy_getinfo_off(easy, CURLINFO_PRETRANSFER_TIME_T, &preTransfer)
        return redirects == 0 && appConnect == 0 && preTransfer == 0
    }
}
