import CCurl

/// Process-wide libcurl initialization, done once before the first handle is made.
enum CurlGlobal {
    /// `curl_global_init` result; thread-safe since libcurl 7.84, and a `static let` runs it once.
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
}
