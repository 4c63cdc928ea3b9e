import CCurl

/// Sets every option of one easy handle for one ``HTTPRequest``; runs on the worker thread.
enum CurlEasyConfiguration {
    /// Bytes per second below which a transfer counts as stalled (see `lowSpeedTime`).
    static let lowSpeedLimit = 64
    static let maxRedirects = 5

    /// Configures `transfer.easy`; returns the error to fail the transfer with, or nil.
    static func configure(_ transfer: CurlTransfer, userAgent: String) -> FetchError? {
        let request = transfer.request
        let easy = transfer.easy
        let fail = { (kind: FetchError.Kind, message: String) in
            FetchError(kind: kind, method: request.method, url: request.url, message: message)
        }
        if request.isFileURL && !request.allowFileScheme {
            return fail(.protocolNotAllowed, "protocol not allowed: file:// URLs are not allowed for this request")
        }
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()
        var failures: [String] = []
        func check(_ code: CURLcode, _ option: String) {
            if code != CURLE_OK { failures.append("\(option): \(String(cString: curl_easy_strerror(code)))") }
        }

        check(pw_easy_setopt_string(easy, CURLOPT_URL, request.url), "URL")
        check(pw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        let protocols = request.isFileURL ? "file" : "http,https"
        check(pw_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, protocols), "PROTOCOLS_STR")
        check(pw_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "REDIR_PROTOCOLS_STR")
        check(pw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0), "FOLLOWLOCATION")
        check(pw_easy_setopt_long(easy, CURLOPT_MAXREDIRS, maxRedirects), "MAXREDIRS")

        check(pw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds), "TIMEOUT_MS")
        let connectTimeout = min(request.connectTimeout, request.timeout)
        check(
            pw_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.curlMilliseconds),
            "CONNECTTIMEOUT_MS"
        )
        let stallSeconds = max(1, (min(request.timeout, .seconds(10)).curlMilliseconds + 999) / 1000)
        check(pw_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, lowSpeedLimit), "LOW_SPEED_LIMIT")
        check(pw_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, stallSeconds), "LOW_SPEED_TIME")

        // "" offers every encoding this libcurl decodes (gzip, deflate, br, zstd).
        check(pw_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING")
        check(
            pw_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(max(0, request.maxBodyBytes))),
            "MAXFILESIZE"
        )
        check(pw_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)), "HTTP_VERSION")
        check(pw_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1), "TCP_KEEPALIVE")
        // No CURLOPT_PIPEWAIT: it makes new transfers wait on a connection whose server is silent.
        check(pw_easy_setopt_string(easy, CURLOPT_USERAGENT, userAgent), "USERAGENT")
        check(
            pw_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(transfer.errorBuffer)),
            "ERRORBUFFER"
        )

        check(
            pw_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
                guard let userdata else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            },
            "WRITEFUNCTION"
        )
        check(pw_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata), "WRITEDATA")
        check(
            pw_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
                guard let userdata else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            },
            "HEADERFUNCTION"
        )
        check(pw_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, userdata), "HEADERDATA")

        var lines = request.headers.map { header in
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        switch request.method {
        case .get:
            check(pw_easy_setopt_long(easy, CURLOPT_HTTPGET, 1), "HTTPGET")
        case .post:
            let body = request.body ?? []
            check(pw_easy_setopt_long(easy, CURLOPT_POST, 1), "POST")
            check(pw_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "POSTFIELDSIZE_LARGE")
            let copied = body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies POSTFIELDSIZE bytes now; an empty body still needs a valid pointer.
                pw_easy_setopt_pointer(
                    easy,
                    CURLOPT_COPYPOSTFIELDS,
                    UnsafeMutableRawPointer(
                        mutating: bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                    )
                )
            }
            check(copied, "COPYPOSTFIELDS")
            // Webhook receivers rarely answer `Expect: 100-continue`; waiting for them costs a second.
            if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
                lines.append("Expect:")
            }
        }
        for line in lines {
            guard !line.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 0 }) else {
                return fail(
                    .invalidURL,
                    "invalid request header \(line.split(separator: ":").first ?? ""): contains a line break or NUL"
                )
            }
            guard let appended = curl_slist_append(transfer.headerList, line) else {
                return fail(.transport, "out of memory building request headers")
            }
            transfer.headerList = appended
        }
        if let list = transfer.headerList {
            check(pw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list), "HTTPHEADER")
        }

        guard failures.isEmpty else {
            let kind: FetchError.Kind = failures.contains { $0.hasPrefix("URL:") } ? .invalidURL : .transport
            return fail(kind, "could not configure libcurl: " + failures.joined(separator: "; "))
        }
        return nil
    }
}
