import ArgumentParser
import Foundation
import ParoleWatchCore

struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Work with one feed outside the daemon.",
        subcommands: [FeedInspectCommand.self]
    )
}

struct FeedInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Fetch (or read) and parse one feed, and print it normalized.",
        discussion: "Exit status: 0 parsed · 1 could not fetch or parse · 64 bad arguments."
    )

    @Argument(help: "An http(s):// URL, a file:// URL or a local path.")
    var source: String

    @Flag(help: "Print one JSON document: {\"feed\":{title,link,format}, \"entries\":[…]}.")
    var json = false

    @Option(help: "Total time allowed for the fetch, as a duration (20s, 1m).", transform: DurationArgument.parse)
    var timeout: Duration = .seconds(20)

    @Option(help: "Largest body accepted, in bytes after decompression (512KiB, 15MiB).", transform: ByteSizeArgument.parse)
    var maxBody: Int = 15 * 1024 * 1024

    var sourceURL: String {
        if source.hasPrefix("http://") || source.hasPrefix("https://") || source.hasPrefix("file://") { return source }
        return URL(fileURLWithPath: source).absoluteString
    }

    func validate() throws {
        if let scheme = source.split(separator: ":", maxSplits: 1).first, source.contains("://"),
            !["http", "https", "file"].contains(scheme.lowercased())
        {
            throw ValidationError("'\(source)': only http://, https://, file:// URLs or a local path are accepted")
        }
    }

    func run() async throws {
        let worker = CurlWorker(maxConcurrentTransfers: 1, userAgent: Daemon.userAgent)
        defer { worker.shutdown() }
        let fetcher = FeedFetcher(
            worker: worker, timeout: timeout, maxBodyBytes: maxBody, allowFileScheme: sourceURL.hasPrefix("file:"))
        let parsed: ParsedFeed
        do {
            guard
                case .fetched(let body, let contentType, _, let finalURL) = try await fetcher.fetch(
                    url: sourceURL, validators: FeedValidators(etag: nil, lastModified: nil))
            else {
                throw CleanExit.message("not modified")
            }
            parsed = try FeedDocumentParser.parse(body, contentType: contentType, documentURL: URL(string: finalURL))
        } catch let error as FeedFetchError {
            Output.standardError.write("parolewatch: \(source): \(error)\n")
            throw ExitCode(ExitStatus.failure)
        } catch let error as FeedParseError {
            Output.standardError.write("parolewatch: \(source): \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        for warning in parsed.warnings {
            Output.standardError.write("parolewatch: \(source): warning: \(warning)\n")
        }
        if json {
            Output.standardOutput.write(try FeedInspection(parsed).jsonString() + "\n")
        } else {
            Output.standardOutput.write(FeedInspection(parsed).text())
        }
    }
}
