import Foundation

/// A subscriber ready to send to: its configuration, the signer of its secret and the builder of its format.
public struct WebhookChannel: Sendable {
    public let subscriber: SubscriberConfig
    public let signer: WebhookSigner
    public let builder: DigestBuilder

    /// Reads the subscriber's secret (inline, file or systemd credential) and checks its format's needs.
    /// Throws a sentence naming the subscriber and what is wrong, never the secret or the URL.
    public init(subscriber: SubscriberConfig, credentialsDirectory: String?) throws(WebhookChannelError) {
        self.subscriber = subscriber
        do {
            signer = try WebhookSigner(secret: subscriber.secret.resolve(credentialsDirectory: credentialsDirectory))
        } catch let error as SecretResolutionError {
            throw WebhookChannelError(subscriberID: subscriber.id, reason: "\(error)")
        } catch {
            throw WebhookChannelError(subscriberID: subscriber.id, reason: "webhook secret: \(error)")
        }
        do {
            builder = try DigestBuilder(subscriber: subscriber)
        } catch {
            throw WebhookChannelError(subscriberID: subscriber.id, reason: "\(error)")
        }
    }
}

/// Why a subscriber cannot be sent to right now.
public struct WebhookChannelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var subscriberID: String
    public var reason: String

    public var description: String { "subscriber '\(subscriberID)': \(reason)" }
}
