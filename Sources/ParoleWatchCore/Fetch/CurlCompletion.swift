import CCurl

/// Turns a finished easy handle into an ``HTTPResponse`` or a classified ``FetchError``.
enum CurlCompletion {
    static func result(of transfer: CurlTransfer, code: CURLcode) -> Result<HTTPResponse, FetchError> {
        let easy = transfer.easy
        let request = transfer.request
        let elapsed = ContinuousClock.now - transfer.startedAt
        guard code == CURLE_OK else {
            return .failure(error(for: transfer, code: code, elapsed: elapsed))
        }
        var status = 0
        _ = pw_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var redirects = 0
        _ = pw_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        var version = 0
        _ = pw_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        var urlPointer: UnsafeMutablePointer<CChar>? = nil
        _ = pw_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &urlPointer)
        let effectiveURL = urlPointer.map { String(cString: $0) } ?? request.url
        return .success(
            HTTPResponse(
                status: status,
                headers: transfer.headers,
                body: transfer.body,
                effectiveURL: effectiveURL,
                httpVersion: request.isFileURL ? nil : versionName(version),
                redirectCount: redirects,
                elapsed: elapsed
            )
        )
    }

    static func versionName(_ version: Int) -> String? {
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: nil
        }
    }

    static func error(for transfer: CurlTransfer, code: CURLcode, elapsed: Duration) -> FetchError {
        let request = transfer.request
        let curlText = transfer.errorBufferText ?? String(cString: curl_easy_strerror(code))
        let kind: FetchError.Kind
        let summary: String
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timedOut
            let phase = stalledInTLSHandshake(transfer.easy) ? " during the TLS handshake" : ""
            summary = "timed out after \(elapsed.roundedSecondsDescription)\(phase)"
        case CURLE_WRITE_ERROR where transfer.exceededBodyLimit:
            kind = .bodyTooLarge
            summary = "body larger than the limit of \(request.maxBodyBytes) bytes"
            return FetchError(
                kind: kind,
                method: request.method,
                url: request.url,
                message: "\(summary) (stopped reading after \(transfer.body.count) decoded bytes)"
            )
        case CURLE_FILESIZE_EXCEEDED:
            kind = .bodyTooLarge
            summary = "body larger than the limit of \(request.maxBodyBytes) bytes (announced by Content-Length)"
        case CURLE_UNSUPPORTED_PROTOCOL:
            kind = .protocolNotAllowed
            summary = "protocol not allowed (only http and https)"
        case CURLE_TOO_MANY_REDIRECTS:
            kind = .tooManyRedirects
            summary = "more than \(CurlEasyConfiguration.maxRedirects) redirects"
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .couldNotResolve
            summary = "could not resolve host"
        case CURLE_COULDNT_CONNECT:
            kind = .couldNotConnect
            summary = "could not connect"
        case CURLE_PEER_FAILED_VERIFICATION:
            kind = .tls
            summary = "TLS certificate rejected"
        case CURLE_SSL_CONNECT_ERROR:
            kind = .tls
            summary = handshakeFailureSummary(curlText)
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_USE_SSL_FAILED:
            kind = .tls
            summary = "TLS failure"
        case CURLE_URL_MALFORMAT:
            kind = .invalidURL
            summary = "invalid URL"
        case CURLE_FILE_COULDNT_READ_FILE:
            kind = .transport
            summary = "could not read file"
        case CURLE_GOT_NOTHING:
            kind = .transport
            summary = "the server closed the connection without answering"
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            kind = .transport
            summary = "the connection failed"
        case CURLE_PARTIAL_FILE:
            kind = .transport
            summary = "the body ended before its announced length"
        case CURLE_BAD_CONTENT_ENCODING:
            kind = .transport
            summary = "could not decode the body's Content-Encoding"
        case CURLE_WEIRD_SERVER_REPLY:
            kind = .transport
            summary = "the server did not answer with HTTP"
        case CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .transport
            summary = "HTTP/2 protocol error"
        default:
            kind = .transport
            summary = "transfer failed (curl error \(code.rawValue))"
        }
        return FetchError(kind: kind, method: request.method, url: request.url, message: "\(summary) (\(curlText))")
    }
}
