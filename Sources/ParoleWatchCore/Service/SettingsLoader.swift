import Foundation

/// Loads everything the daemon runs on — configuration, feed list, scoring model (with its rules' examples) and
/// suggested-reply templates — and validates all of it before anything is used: at start-up, by `check-config`
/// and on every reload.
public enum SettingsLoader {
    /// What one load produced.
    public struct Settings: Sendable {
        public var config: Config
        public var ruleSet: RuleSet
        /// The templates `alerts.replies` names, or the built-in ones.
        public var replies: SuggestedReplyTemplates
    }

    /// The configuration at `url`, its compiled model and its reply templates, or every problem found as
    /// `FILE:LINE:COLUMN:` lines (those of the first file that has any: config, then model, then replies).
    ///
    /// Synchronous file I/O and model compilation (milliseconds for the shipped model).
    public static func load(from url: URL) throws(ConfigError) -> Settings {
        let config = try ConfigLoader.load(from: url)
        guard let modelURL = config.modelURL else {
            let file = url.relativePath.isEmpty ? url.path : url.relativePath
            throw ConfigError(problems: [
                ConfigProblem(
                    file: file,
                    line: 1,
                    column: 1,
                    keyPath: "model",
                    message: "missing key 'model' (the scoring model file)"
                )
            ])
        }
        let ruleSet = try ModelLoader.load(from: modelURL)
        return Settings(config: config, ruleSet: ruleSet, replies: try SuggestedReplyTemplates.load(for: config))
    }
}
