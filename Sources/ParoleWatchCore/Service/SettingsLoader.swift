import Foundation

/// Loads everything the daemon runs on — configuration, feed list and scoring model (with its rules' examples) —
/// and validates all of it before anything is used: at start-up and on every reload.
public enum SettingsLoader {
    /// The configuration at `url` and its compiled model, or every problem found as `FILE:LINE:COLUMN:` lines.
    ///
    /// Synchronous file I/O and model compilation (milliseconds for the shipped model).
    public static func load(from url: URL) throws(ConfigError) -> (config: Config, ruleSet: RuleSet) {
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
        return (config, try ModelLoader.load(from: modelURL))
    }
}
