import ArgumentParser
import Foundation
import ParoleWatchCore

/// `--config FILE | --model FILE`: where the scoring model comes from.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file whose `model` is used.")
    var config: String?

    @Option(name: .long, help: "A model file to use directly (instead of the configuration's).")
    var model: String?

    func validate() throws {
        if config != nil && model != nil {
            throw ValidationError("give either --config or --model, not both")
        }
    }

    /// The model file: `--model`, else the configuration's `model` (default configuration when no `--config`),
    /// else `config/model.yaml` beside the default configuration.
    func modelURL() throws -> URL {
        if let model { return URL(fileURLWithPath: model) }
        let options = try ConfigOptions.parse(config.map { ["--config", $0] } ?? [])
        let config = try options.load()
        guard let url = config.modelURL else {
            Output.standardError.write("\(options.configURL.relativePath): model: no model file configured\n")
            throw ExitCode(ExitStatus.badConfiguration)
        }
        return url
    }

    /// Loads and compiles the model; on problems prints them, one per line, and exits 78.
    func load() throws -> RuleSet {
        let url = try modelURL()
        do {
            return try ModelLoader.load(from: url)
        } catch {
            for problem in error.problems { Output.standardError.write("\(problem)\n") }
            throw ExitCode(ExitStatus.badConfiguration)
        }
    }
}
