import Foundation

/// Where alerts for moderators are written (`alerts:` in the config).
public struct AlertsConfig: Sendable, Equatable {
    /// The Maildir-style spool folder (`spool`, default `<state_dir>/alerts`); created when missing.
    public var spoolDirectory: URL
    /// The suggested-reply templates (`replies`, a YAML file; see `SuggestedReplyTemplates`); nil for the
    /// built-in replies.
    public var repliesURL: URL?

    /// Memberwise; `ConfigLoader` builds these from YAML.
    public init(spoolDirectory: URL, repliesURL: URL? = nil) {
        self.spoolDirectory = spoolDirectory
        self.repliesURL = repliesURL
    }
}
