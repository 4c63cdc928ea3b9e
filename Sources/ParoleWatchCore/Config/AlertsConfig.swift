import Foundation

/// Where alerts for moderators are written (`alerts:` in the config).
public struct AlertsConfig: Sendable, Equatable {
    /// The Maildir-style spool folder (`spool`, default `<state_dir>/alerts`); created when missing.
    public var spoolDirectory: URL

    /// Memberwise; `ConfigLoader` builds these from YAML.
    public init(spoolDirectory: URL) {
        self.spoolDirectory = spoolDirectory
    }
}
