/// What a caller hands to the worker thread: the request and where to deliver its result.
struct CurlSubmission: Sendable {
    let id: UInt64
    let request: HTTPRequest
    let continuation: CheckedContinuation<Result<HTTPResponse, FetchError>, Never>

    func resume(_ result: Result<HTTPResponse, FetchError>) {
        continuation.resume(returning: result)
    }
}
