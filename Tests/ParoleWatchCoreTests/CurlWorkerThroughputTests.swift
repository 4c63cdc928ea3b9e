import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// Throughput against the loopback server, compared with the curl CLI on the same URLs.
/// Opt-in (`PAROLEWATCH_BENCH=1 swift test -c release --filter CurlWorkerThroughput`): it takes
/// seconds and its numbers mean something only on a quiet machine.
@Suite(
    "CurlWorker throughput",
    .enabled(if: ProcessInfo.processInfo.environment["PAROLEWATCH_BENCH"] != nil)
)
struct CurlWorkerThroughputTests {
    @Test("1,000 GETs of 20 KB at concurrency 16, compared with curl --parallel")
    func thousandFeeds() async throws {
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 20 * 1024)
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: body) }
        defer { server.stop() }
        let urls = (0..<1000).map { server.url("/feed/\($0)") }
        let worker = CurlWorker(maxConcurrentTransfers: 16, userAgent: "parolewatch/bench")
        defer { worker.shutdown() }

        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for url in urls {
                group.addTask {
                    try await worker.perform(HTTPRequest(url: url, timeout: .seconds(10), maxBodyBytes: 1 << 20)).body
                        .count
                }
            }
            for try await count in group { #expect(count == body.count) }
        }
        let ours = ContinuousClock.now - start

        let config = FileManager.default.temporaryDirectory.appendingPathComponent("parolewatch-bench-\(UUID()).curl")
        try urls.map { "url = \"\($0)\"\noutput = \"/dev/null\"\n" }.joined().write(
            to: config,
            atomically: true,
            encoding: .utf8
        )
        defer { try? FileManager.default.removeItem(at: config) }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["--silent", "--parallel", "--parallel-max", "16", "-K", config.path]
        let curlStart = ContinuousClock.now
        try curl.run()
        curl.waitUntilExit()
        let theirs = ContinuousClock.now - curlStart
        print("CurlWorker: 1000 × 20 KB at 16 in \(ours); curl --parallel: \(theirs); ratio \(ours / theirs)")
        #expect(curl.terminationStatus == 0)
    }
}
