import CCurl

/// State of one transfer while libcurl runs it: the buffers its callbacks fill, its header list
/// and its error buffer.
///
/// Touched only on the worker thread; libcurl's callbacks find it through their `userdata`
/// pointer (an unretained reference: `CurlMultiLoop.active` owns the object until completion).
final class CurlTransfer {
    let submission: CurlSubmission
    let easy: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
    var headerList: UnsafeMutablePointer<curl_slist>?
    var body: [UInt8] = []
    var headers: [HTTPHeader] = []
    /// Set by the write callback when it refused a chunk because of `maxBodyBytes`.
    var exceededBodyLimit = false
    let startedAt: ContinuousClock.Instant

    var request: HTTPRequest { submission.request }

    init(submission: CurlSubmission, easy: UnsafeMutableRawPointer) {
        self.submission = submission
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        startedAt = .now
    }

    deinit {
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// libcurl's error buffer, or nil when libcurl wrote nothing there.
    var errorBufferText: String? {
        let text = String(cString: errorBuffer).trimmingHTTPWhitespace()
        return text.isEmpty ? nil : text
    }

    // MARK: Callbacks (worker thread, inside curl_multi_perform)

    /// Appends decoded body bytes; refuses (aborting the transfer) past `maxBodyBytes`.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if bytes.count > request.maxBodyBytes - body.count {
            exceededBodyLimit = true
            return 0
        }
        body.append(contentsOf: bytes.bindMemory(to: UInt8.self))
        return bytes.count
    }

    /// Collects one header line; a status line starts a new response (redirect, `100 Continue`),
    /// so only the final response's headers remain.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll(keepingCapacity: true)
            return bytes.count
        }
        if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding: the line continues the previous header's value.
            let last = headers.count - 1
            headers[last].value += " " + line.trimmingHTTPWhitespace()
            return bytes.count
        }
        guard let colon = line.firstIndex(of: ":") else { return bytes.count }
        let name = String(line[..<colon]).trimmingHTTPWhitespace()
        let value = String(line[line.index(after: colon)...]).trimmingHTTPWhitespace()
        if !name.isEmpty { headers.append(HTTPHeader(name: name, value: value)) }
        return bytes.count
    }
}
