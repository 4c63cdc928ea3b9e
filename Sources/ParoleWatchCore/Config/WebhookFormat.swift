/// The body a subscriber's webhook receives: the Standard Webhooks JSON digest, or a chat message shaped for
/// Slack, Discord or Telegram.
public enum WebhookFormat: String, Sendable, Equatable, CaseIterable {
    case json, slack, discord, telegram
}
