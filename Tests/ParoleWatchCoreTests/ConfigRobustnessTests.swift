import Foundation
import Testing

@testable import ParoleWatchCore

/// Deterministic pseudo-random inputs (ConfigTestRandom), so a failure reproduces from the printed seed.
struct ConfigTestRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Config robustness")
struct ConfigRobustnessTests {
    static let alphabet = Array("0123456789 .:-+smhdKMGiBb\twhsec_yearly everydailimmeate\u{E000}é")

    @Test("the value parsers never crash and accept only what they can format back", arguments: [1, 2, 3] as [UInt64])
    func valueParsersNeverCrash(_ seed: UInt64) {
        var random = ConfigTestRandom(state: seed)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...12, using: &random)
            let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &random) ?? " " })
            if let duration = DurationParser.parse(text) {
                #expect(DurationParser.parse(DurationParser.format(duration)) == duration, "\(text)")
            }
            if let bytes = ByteSizeParser.parse(text) {
                #expect(bytes >= 0, "\(text)")
            }
            _ = DeliverySchedule.parse(text)
        }
    }

    @Test(
        "a damaged valid config never crashes the loader, and every problem points inside the file",
        arguments: [11, 12, 13, 14] as [UInt64]
    )
    func damagedConfigsAreReported(_ seed: UInt64) throws {
        let original = try String(
            contentsOf: ConfigFixtures.url("full/config/valid-full.yaml"),
            encoding: .utf8
        )
        let sandbox = try ConfigSandbox()
        for name in ["model.yaml"] {
            try sandbox.write("config/\(name)", "rules: []\n")
        }
        try sandbox.write("feeds/feeds-list.yaml", "feeds: []\n")
        try sandbox.write("secrets/miami.secret", "whsec_dGVzdA==\n")
        var random = ConfigTestRandom(state: seed)
        let damage: [Character] = [" ", "\t", ":", "-", "[", "{", "\"", "'", "#", "\n", "&", "*", "x", "1", "\r\n"]
        for round in 0..<60 {
            var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<lines.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    lines.remove(at: index)
                case 1:
                    lines.insert(lines[Int.random(in: 0..<lines.count, using: &random)], at: index)
                default:
                    var line = Array(lines[index])
                    let position = Int.random(in: 0...line.count, using: &random)
                    line.insert(damage.randomElement(using: &random) ?? " ", at: position)
                    lines[index] = String(line)
                }
                if lines.isEmpty { lines = [""] }
            }
            let text = lines.joined(separator: "\n")
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count + 1
            try sandbox.write("config/parolewatch.yaml", text)
            do {
                _ = try ConfigLoader.load(from: sandbox.url("config/parolewatch.yaml"))
            } catch {
                #expect(!error.problems.isEmpty)
                for problem in error.problems {
                    #expect(problem.line >= 1 && problem.column >= 1, "seed \(seed) round \(round): \(problem)")
                    if problem.file == "config/parolewatch.yaml" {
                        #expect(problem.line <= lineCount, "seed \(seed) round \(round): \(problem)")
                    }
                    #expect(!problem.description.contains("MfKQ9r8GKYqr"), "secret leaked: \(problem)")
                }
            }
        }
    }
}
