import Foundation
import TestSupport
import Testing

@testable import ParoleWatchCore

/// `score --jsonl` must give, line for line, what it gave through `JSONSerialization` (kept as
/// `foundationResultLine`, the reference), and keep the input order when it scores batches on all cores.
@Suite("Post scoring stream")
struct PostScoringStreamTests {
    static let stream: PostScoringStream = {
        do {
            return PostScoringStream(
                ruleSet: try ModelLoader.load(from: Repository.root.appendingPathComponent("config/model.yaml"))
            )
        } catch {
            fatalError("the shipped model must load: \(error)")
        }
    }()

    /// Lines that exercise every branch: posts, ids of every kind, missing and mistyped fields, bad JSON.
    static let trickyLines: [String] = {
        let posts = [
            "Reabren el parole humanitario en enero, aplica ya por $300 por Zelle",
            "ES FALSO: USCIS no ha anunciado nada. No pagues $250 a nadie. Llama al (305) 555-0129",
            "pwogram parol la relouvri, voye 200$ bay mwen", "Circula este mensaje: \"reabren el parole\" — es falso",
            "p@role reabierto 👍🏽 ｐａｒｏｌｅ r3abr3n", "Salió la lista de aprobados del parole, 300 dólares",
        ]
        var lines: [String] = []
        for (index, text) in posts.enumerated() {
            let quoted = JSONLine.encode([text]).dropFirst().dropLast()
            lines.append(#"{"id":"p\#(index)","text":\#(quoted)}"#)
            lines.append(#"{"id":\#(index),"title":\#(quoted),"text":"nada","lang":"es"}"#)
            lines.append(#"{"id":"m\#(index)","text":\#(quoted),"lang":"en","x":[1,{"a":[null,true,-0.5]}]}"#)
            lines.append(#"{"id":"x\#(index)","text":\#(quoted),"lang":"mixed"}"#)
        }
        let ids = [
            #""s""#, "0", "-0", "-12", "123456789012345678", "1234567890123456789", "99999999999999999999", "1.0",
            "1.5",
            "-2.50", "1e2", "2.5e-3", "true", "false", "null", "[1,2]", #"{"b":1,"a":2}"#, "[]", "{}", #""a/b\"c\\d""#,
            #""\u00e9\ud83d\ude00\/""#, #""\u0000\u001f\b\f\n\r\t""#, "\"\u{2028}\u{7F}\"", "-0.0", "1e400",
        ]
        for id in ids {
            lines += [
                #"{"id":\#(id),"text":"reabren el parole $300"}"#, #"{"id":\#(id)}"#, #"{"id":\#(id),"text":null}"#,
                #"{"id":\#(id),"text":5}"#, #"{"id":\#(id),"text":"x","title":7}"#,
                #"{"id":\#(id),"text":"x","title":null,"lang":5}"#,
            ]
        }
        lines += [
            "{", "abc", #"{"id":1,"text":"x""#, #"{"id":1,"text":"x"}}"#, #"{"id":1,"text":"x",}"#, "[1,]", "[,]",
            #""str""#,
            "1", "-", "1.", "01", "1e5", "null", "tru", "[]", #"{"id":1,"text":"\ud800"}"#, #"{"id":1,"text":"\x"}"#,
            "{\"id\":1,\"text\":\"a\tb\"}", #"{"id":1,"text":"ok","n":1e400}"#, #"{"id":1,"text":"ok","n":01}"#,
            #"{"id":1,"id":2,"text":"a","text":"parole humanitario"}"#, #"{"text":"a","text":1,"id":1}"#,
            #"{"\u0069d":"esc","t\u0065xt":"reabren el parole"}"#, "\u{FEFF}{\"id\":\"bom\",\"text\":\"x\"}",
            "\u{0}{\"id\":\"nul\",\"text\":\"x\"}",
            #"{"id":1,"text":"ok","deep":"# + String(repeating: "[", count: 600)
                + String(repeating: "]", count: 600) + "}",
            #"{"id":1,"text":"ok","deep":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
                + "}",
            #"{"id":"long","text":""# + String(repeating: "palabra ", count: 3000) + " $300 555 0123\"}", "{}",
            #"{"id":"e\#u{301}","text":"","title":"reabren el parole"}"#,
        ]
        return lines
    }()

    /// Runs ``PostScoringStream/run(input:output:parallel:chunkSize:)`` on `input` through real files, and returns
    /// what it wrote.
    static func runStream(on input: Data, parallel: Bool, chunkSize: Int) throws -> String {
        let folder = try TemporaryDirectory("jsonl-stream")
        defer { folder.remove() }
        let inputURL = folder.path("posts.jsonl")
        try input.write(to: inputURL)
        let outputURL = folder.path("results.jsonl")
        #expect(FileManager.default.createFile(atPath: outputURL.path, contents: nil))
        let inputDescriptor = open(inputURL.path, O_RDONLY)
        let outputDescriptor = open(outputURL.path, O_WRONLY)
        try #require(inputDescriptor >= 0 && outputDescriptor >= 0)
        defer {
            close(inputDescriptor)
            close(outputDescriptor)
        }
        try stream.run(input: inputDescriptor, output: outputDescriptor, parallel: parallel, chunkSize: chunkSize)
        return try String(contentsOf: outputURL, encoding: .utf8)
    }

    @Test("gives the same line as JSONSerialization did, for every kind of line")
    func sameAsFoundation() {
        for (index, line) in Self.trickyLines.enumerated() {
            #expect(
                Self.stream.resultLine(for: line, lineNumber: index + 1)
                    == Self.stream.foundationResultLine(for: line, lineNumber: index + 1),
                "\(line)"
            )
        }
    }

    @Test("gives the same line as JSONSerialization did, for thousands of damaged lines")
    func sameAsFoundationFuzzed() {
        var random = SplitMix64(seed: 42)
        let pieces = Array(#"{}[]":,\ u0-1.e"#.utf8) + [0x09, 0x20, 0x00, 0xC3, 0xFF, UInt8(ascii: "a")]
        var mismatches = 0
        for round in 0..<4000 {
            var bytes = Array(Self.trickyLines[Int(random.next() % UInt64(Self.trickyLines.count))].utf8)
            for _ in 0...(random.next() % 3) where !bytes.isEmpty {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[position] = pieces[Int(random.next() % UInt64(pieces.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(pieces[Int(random.next() % UInt64(pieces.count))], at: position)
                }
            }
            let line = String(decoding: bytes, as: UTF8.self)
            let fast = Self.stream.resultLine(for: line, lineNumber: round)
            let reference = Self.stream.foundationResultLine(for: line, lineNumber: round)
            if fast != reference {
                mismatches += 1
                Issue.record("\(line)\n  fast:      \(fast)\n  reference: \(reference)")
                if mismatches > 5 { return }
            }
        }
    }

    @Test(
        "skips empty and whitespace-only lines, Unicode whitespace included",
        arguments: [
            ("", true), ("   ", true), ("\t\u{B}\u{C}\r", true), ("\u{A0}\u{3000}\u{2028}", true), ("\u{85}", true),
            (" \u{301}", true), ("\u{1C}", false), ("{}", false), (" x ", false), ("\u{200B}", false),
        ]
    )
    func blankLines(_ line: String, _ isBlank: Bool) {
        #expect(PostScoringStream.isBlank(line) == isBlank)
        #expect(PostScoringStream.isBlank(line) == line.allSatisfy(\.isWhitespace))
    }

    @Test("writes one line per post in input order when scoring batches on all cores", arguments: [false, true])
    func order(_ parallel: Bool) throws {
        var input: [String] = []
        for index in 0..<3000 {
            switch index % 7 {
            case 0: input.append("")
            case 1: input.append("not json \(index)")
            default:
                input.append(
                    Self.trickyLines[index % Self.trickyLines.count].replacingOccurrences(
                        of: #""id":"#,
                        with: #""n":\#(index),"id":"#
                    )
                )
            }
        }
        let output = try Self.runStream(
            on: Data((input.joined(separator: "\n") + "\n").utf8),
            parallel: parallel,
            chunkSize: 4096
        )

        var expected = ""
        for (index, line) in input.enumerated() where !line.allSatisfy(\.isWhitespace) {
            expected += Self.stream.foundationResultLine(for: line, lineNumber: index + 1) + "\n"
        }
        #expect(output.split(separator: "\n").count == input.filter { !$0.isEmpty }.count)
        #expect(output == expected)
    }

    @Test("reports a write that fails (a full disk) instead of going on", arguments: [false, true])
    func failedWrite(_ parallel: Bool) throws {
        let lines = (0..<2000).map { #"{"id":\#($0),"text":"reabren el parole humanitario"}"# }
        let input = try TemporaryDirectory("jsonl-full")
        defer { input.remove() }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input.path("posts.jsonl"))
        let inputDescriptor = open(input.path("posts.jsonl").path, O_RDONLY)
        let full = open("/dev/full", O_WRONLY)
        try #require(inputDescriptor >= 0 && full >= 0)
        defer {
            close(inputDescriptor)
            close(full)
        }
        let error = #expect(throws: PostScoringStreamError.self) {
            try Self.stream.run(input: inputDescriptor, output: full, parallel: parallel, chunkSize: 4096)
        }
        #expect(error?.operation == .write)
        #expect(error?.errorNumber == ENOSPC)
        #expect(error?.description == "cannot write the results to standard output: No space left on device")
    }

    @Test(
        "writes the result of every line read before reading fails, then reports the failure",
        arguments: [false, true]
    )
    func failedRead(_ parallel: Bool) throws {
        // A socket whose other end stays open and silent: once the lines sent are read, the next read times out.
        var ends: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 300_000)
        let timeoutSize = socklen_t(MemoryLayout<timeval>.size)
        try #require(setsockopt(ends[0], SOL_SOCKET, SO_RCVTIMEO, &timeout, timeoutSize) == 0)
        let lines = (0..<300).map { #"{"id":\#($0),"text":"reabren el parole, paga por Zelle"}"# }
        let sent = Array((lines.joined(separator: "\n") + "\n").utf8)
        try #require(sent.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == sent.count)
        let output = try TemporaryDirectory("jsonl-read-fails")
        defer { output.remove() }
        #expect(FileManager.default.createFile(atPath: output.path("results.jsonl").path, contents: nil))
        let outputDescriptor = open(output.path("results.jsonl").path, O_WRONLY)
        try #require(outputDescriptor >= 0)
        defer { close(outputDescriptor) }

        let error = #expect(throws: PostScoringStreamError.self) {
            try Self.stream.run(input: ends[0], output: outputDescriptor, parallel: parallel, chunkSize: 1024)
        }
        #expect(error?.operation == .read)
        #expect(error?.errorNumber == EAGAIN)
        let written = try String(contentsOf: output.path("results.jsonl"), encoding: .utf8)
        let expected = lines.enumerated().map { Self.stream.resultLine(for: $1, lineNumber: $0 + 1) + "\n" }
        #expect(written == expected.joined())
    }
}

/// The optimized `score --jsonl` path (hand-written JSON, scoring buffers reused from post to post, batches scored on
/// all cores) must give exactly what the reference path gives for each post alone (`JSONSerialization`, fresh
/// buffers, one post at a time), on every labeled post we have and on disguised variants of them.
@Suite("Post scoring stream equivalence")
struct PostScoringStreamEquivalenceTests {
    /// Every post of the fixture corpora as an input line, then variants: upper case, spaced letters, leetspeak,
    /// emoji and zero-width characters inside words, title and text swapped, in a mixed order.
    static let corpusLines: [String] = {
        let folder = Repository.root.appendingPathComponent("Tests/ParoleWatchCoreTests/Fixtures/scoring")
        var lines: [String] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".jsonl") {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
                continue
            }
            lines += text.split(separator: "\n").map(String.init)
        }
        var variants: [String] = []
        for (index, line) in lines.enumerated() {
            guard let data = line.data(using: .utf8),
                let post = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let text = post["text"] as? String
            else { continue }
            let title = post["title"] as? String ?? ""
            let disguised: String
            switch index % 5 {
            case 0: disguised = text.uppercased()
            case 1: disguised = text.replacingOccurrences(of: "parole", with: "p a r o l e")
            case 2: disguised = text.replacingOccurrences(of: "e", with: "3").replacingOccurrences(of: "a", with: "4")
            case 3:
                disguised = text.replacingOccurrences(of: "ro", with: "r🇺🇸o").replacingOccurrences(
                    of: "ab",
                    with: "a\u{200B}b"
                )
            default: disguised = text
            }
            variants.append(
                JSONLine.encode([
                    "id": "v\(index)", "title": disguised, "text": title, "lang": post["lang"] ?? NSNull(),
                ])
            )
        }
        return lines + variants
    }()

    @Test(
        "scores every corpus post and its disguised variants exactly as the reference path does",
        arguments: [false, true]
    )
    func sameAsReference(_ parallel: Bool) throws {
        let lines = Self.corpusLines
        try #require(lines.count > 600)
        let output = try PostScoringStreamTests.runStream(
            on: Data((lines.joined(separator: "\n") + "\n").utf8),
            parallel: parallel,
            chunkSize: 16_384
        ).split(separator: "\n", omittingEmptySubsequences: false)
        let expected = Self.referenceLines
        try #require(output.count == lines.count + 1)
        for index in lines.indices where output[index] != expected[index] {
            Issue.record("line \(index + 1): \(output[index]) ≠ \(expected[index])")
            return
        }
        // The corpora are meant to exercise the rules, not just pass through.
        #expect(expected.count { $0.contains("\"alert\":true") } > 100)
    }

    /// What the reference path gives for each line of ``corpusLines``: computed once, for both modes.
    static let referenceLines: [String] = corpusLines.enumerated().map { index, line in
        PostScoringStreamTests.stream.foundationResultLine(for: line, lineNumber: index + 1)
    }

    @Test("reads a damaged line as it is exactly as it reads a repaired copy of it")
    func damagedBytesSameAsRepairedLine() throws {
        var random = SplitMix64(seed: 7)
        let damage: [[UInt8]] = [
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xC3], [0xE2, 0x82],
            [0xF0, 0x9F], [0xFF], Array("é".utf8), Array("🇺🇸".utf8), Array(#"\u00e9"#.utf8), Array(#"\""#.utf8),
        ]
        var lines: [[UInt8]] = []
        for round in 0..<3000 {
            var bytes = Array(PostScoringStreamTests.trickyLines[round % PostScoringStreamTests.trickyLines.count].utf8)
            for _ in 0...(random.next() % 3) where !bytes.isEmpty {
                let position = Int(random.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: damage[Int(random.next() % UInt64(damage.count))], at: position)
            }
            lines.append(bytes)
        }
        lines += [[0x20, 0xFF], [0x09, 0xC3], Array("\u{A0}".utf8), [0x20, 0x20]]
        let written = try PostScoringStreamTests.runStream(
            on: Data(lines.joined(separator: [0x0A]) + [0x0A]),
            parallel: true,
            chunkSize: 8192
        )

        var expected: [String] = []
        for (index, bytes) in lines.enumerated() {
            let repaired = String(decoding: bytes, as: UTF8.self)
            guard !PostScoringStream.isBlank(repaired) else { continue }
            expected.append(PostScoringStreamTests.stream.resultLine(for: repaired, lineNumber: index + 1))
        }
        let output = written.split(separator: "\n").map(String.init)
        #expect(output.count == expected.count)
        for (actual, wanted) in zip(output, expected) where actual != wanted {
            Issue.record("\(actual) ≠ \(wanted)")
            return
        }
    }

    @Test("calls bytes valid UTF-8 exactly when decoding them as UTF-8 keeps them unchanged")
    func validatorAgreesWithRepair() {
        var random = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array(" ".utf8), Array("é".utf8), Array("€".utf8), Array("🇺🇸".utf8), Array("abcdefgh".utf8),
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xC3], [0xE2, 0x82],
            [0xF0, 0x9F], [0xFF], [0x00], [0x7F],
        ]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 8) { bytes += pieces[Int(random.next() % UInt64(pieces.count))] }
            let unchanged = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
            if bytes.withUnsafeBufferPointer({ PostScoringStream.isValidUTF8($0) }) != unchanged {
                Issue.record("\(bytes)")
                return
            }
        }
    }

    @Test(
        "takes a line as it is only when it starts, after white space, with visible ASCII",
        arguments: [
            ("{}", true), ("  \t{", true), ("x", true), ("", false), ("   ", false), ("\u{A0}{", false), (" é", false),
        ]
    )
    func startsWithVisibleASCII(_ line: String, _ expected: Bool) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBufferPointer { PostScoringStream.startsWithVisibleASCII($0) } == expected)
    }
}

/// A small seeded generator, so the damaged lines are the same on every run.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
