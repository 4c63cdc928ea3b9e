/// The body a subscriber's webhook receives: the Standard Webhooks JSON digest, or a chat message shaped for
/// Slack, Discord or Telegram.
public enum WebhookFormat: String, Sendable, Equatable, CaseIterable {
    /// The Standard Webhooks JSON digest (`type: parolewatch.digest`).
    case json
    /// A Slack incoming-webhook message.
    case slack
    /// A Discord webhook message.
    case discord
    /// A Telegram Bot API `sendMessage` call.
    case telegram
}
