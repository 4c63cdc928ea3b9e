import ArgumentParser
import Foundation
import Logging
import ParoleWatchCore

/// `[--config FILE] SUBSCRIBER`, shared by the commands about one subscriber.
struct SubscriberArguments: ParsableArguments {
    @OptionGroup var configOptions: ConfigOptions

    @Argument(help: "The subscriber's id.")
    var subscriber: String

    /// The configuration and the named subscriber; exits 78 on a bad configuration, 64 on an unknown subscriber.
    func load() throws -> (Config, SubscriberConfig) {
        let config = try configOptions.load()
        return (config, try configuredSubscriber(subscriber, in: config))
    }
}

/// Finds `id` among the configured subscribers, or exits 64 naming the ones there are.
func configuredSubscriber(_ id: String, in config: Config) throws -> SubscriberConfig {
    guard let subscriber = config.subscribers.first(where: { $0.id == id }) else {
        let known = config.subscribers.map(\.id)
        Output.standardError.write(
            "parolewatch: no subscriber '\(id)' in \(config.fileURL.path)"
                + (known.isEmpty ? " (it has none)\n" : "; configured: \(known.joined(separator: ", "))\n"))
        throw ExitCode(ExitStatus.usage)
    }
    return subscriber
}

/// The subscriber's channel (secret read, format checked), or exits 78 saying what is wrong.
func webhookChannel(for subscriber: SubscriberConfig) throws -> WebhookChannel {
    do {
        return try WebhookChannel(
            subscriber: subscriber,
            credentialsDirectory: ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"])
    } catch {
        Output.standardError.write("parolewatch: \(error)\n")
        throw ExitCode(ExitStatus.badConfiguration)
    }
}

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Look at subscribers' digests.",
        subcommands: [DigestPreviewCommand.self]
    )
}

struct DigestPreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the subscriber's next digest as it would be sent: pending deliveries first, then a digest of the alerts waiting.",
        discussion: "Sends nothing and changes nothing. Exit status: 0 shown · 1 the state cannot be read · 64 unknown subscriber · 78 bad configuration."
    )

    @OptionGroup var arguments: SubscriberArguments

    func run() async throws {
        let (config, subscriber) = try arguments.load()
        let builder: DigestBuilder
        do {
            builder = try DigestBuilder(subscriber: subscriber)
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.badConfiguration)
        }
        var pending: [Delivery] = []
        var waiting: [DigestAlert] = []
        do {
            if let database = try StateDatabase.openIfPresent(directory: config.stateDirectory) {
                let store = DeliveryStore(database: database)
                pending = try await store.pending(subscriber.id)
                waiting = try await store.undigestedAlerts(subscriber.id)
            }
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        let parts = builder.parts(for: waiting, at: Date())
        var out = "subscriber \(subscriber.id): format \(subscriber.format), schedule \(subscriber.schedule); "
            + "\(pending.count) pending deliveries, \(waiting.count) alerts waiting for the next digest "
            + "(\(parts.count) \(parts.count == 1 ? "part" : "parts"))\n"
        for delivery in pending {
            out += "\n# pending delivery \(delivery.id): \(delivery.alertCount) alerts, \(delivery.attempts) attempts"
                + (delivery.lastError.map { ", last error: \($0)" } ?? "") + "\n"
            out += Self.pretty(delivery.body) + "\n"
        }
        for (index, part) in parts.enumerated() {
            out += "\n# next digest, part \(index + 1) of \(parts.count): \(part.alertIDs.joined(separator: ", "))\n"
            out += Self.pretty(part.body) + "\n"
        }
        if pending.isEmpty && parts.isEmpty { out += "nothing to send\n" }
        Output.standardOutput.write(out)
    }

    static func pretty(_ body: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) else {
            return String(decoding: body, as: UTF8.self)
        }
        return JSONLine.encode(object, pretty: true)
    }
}

struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Test subscribers' webhooks and resend dead deliveries.",
        subcommands: [WebhookTestCommand.self, WebhookRetryCommand.self]
    )
}

struct WebhookTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a signed test event (type parolewatch.test) to the subscriber and report the answer.",
        discussion: "Exit status: 0 the receiver answered 2xx · 1 it did not · 64 unknown subscriber · 78 bad configuration or secret."
    )

    @OptionGroup var arguments: SubscriberArguments

    func run() async throws {
        let (_, subscriber) = try arguments.load()
        let channel = try webhookChannel(for: subscriber)
        let worker = CurlWorker(maxConcurrentTransfers: 1, userAgent: Daemon.userAgent)
        defer { worker.shutdown() }
        let id = "msg_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let now = Date()
        let result = await WebhookSender(worker: worker).send(
            body: channel.builder.testMessage(at: now).body, id: id, signer: channel.signer,
            to: channel.subscriber.url, now: now)
        switch result {
        case .delivered(let status):
            Output.standardOutput.write("subscriber \(subscriber.id): test event \(id) delivered (HTTP \(status))\n")
        case .retry(_, _, let reason):
            Output.standardError.write("parolewatch: subscriber \(subscriber.id): test event \(id) failed: \(reason)\n")
            throw ExitCode(ExitStatus.failure)
        case .cancelled:
            throw ExitCode(ExitStatus.failure)
        }
    }
}

struct WebhookRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Make the subscriber's dead deliveries pending again: the daemon (or the next run --once) resends them under their original webhook-id.",
        discussion: "Exit status: 0 done · 1 the state cannot be written · 64 unknown subscriber · 78 bad configuration."
    )

    @OptionGroup var arguments: SubscriberArguments

    func run() async throws {
        let (config, subscriber) = try arguments.load()
        do {
            guard let database = try StateDatabase.openIfPresent(directory: config.stateDirectory) else {
                Output.standardOutput.write("subscriber \(subscriber.id): no dead deliveries\n")
                return
            }
            let revived = try await DeliveryStore(database: database).revive(subscriber.id, now: Date())
            Output.standardOutput.write("subscriber \(subscriber.id): \(revived) dead deliveries queued again\n")
        } catch {
            Output.standardError.write("parolewatch: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
    }
}
