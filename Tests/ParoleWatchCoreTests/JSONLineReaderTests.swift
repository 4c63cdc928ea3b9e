import Foundation
import TestSupport
import Testing

@testable import ParoleWatchCore

@Suite("JSON line reader")
struct JSONLineReaderTests {
    /// Every line `bytes` splits into, with its number, reading `chunkSize` bytes at a time.
    static func lines(of bytes: [UInt8], chunkSize: Int) throws -> [(Int, [UInt8])] {
        let folder = try TemporaryDirectory("jsonl-reader")
        defer { folder.remove() }
        let file = folder.path("input.jsonl")
        try Data(bytes).write(to: file)
        let descriptor = open(file.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var reader = JSONLineReader(descriptor: descriptor, chunkSize: chunkSize)
        var lines: [(Int, [UInt8])] = []
        while let batch = try reader.nextBatch() {
            for (offset, range) in batch.lines.enumerated() {
                lines.append((batch.firstLineNumber + offset, Array(batch.bytes[range])))
            }
        }
        return lines
    }

    @Test(
        "splits lines on \\n, drops \\r before it, keeps a last line without a break, at any chunk size",
        arguments: [1, 2, 3, 7, 64, 1 << 20]
    )
    func splitting(_ chunkSize: Int) throws {
        let input = Array("{\"a\":1}\nsecond\r\n\n\r\n  \nlast\r".utf8)
        let lines = try Self.lines(of: input, chunkSize: chunkSize)
        #expect(lines.map(\.0) == [1, 2, 3, 4, 5, 6])
        #expect(lines.map { String(decoding: $0.1, as: UTF8.self) } == ["{\"a\":1}", "second", "", "", "  ", "last\r"])
    }

    @Test("reads nothing from an empty input, and one line from a lone break")
    func empty() throws {
        #expect(try Self.lines(of: [], chunkSize: 4).isEmpty)
        #expect(try Self.lines(of: [0x0A], chunkSize: 4).map(\.0) == [1])
    }

    @Test("keeps a line longer than a chunk whole, and bytes as they are")
    func longLine() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000) + [0xFF, 0x00, 0xC3]
        let lines = try Self.lines(of: long + [0x0A] + Array("next".utf8), chunkSize: 100)
        #expect(lines.count == 2)
        #expect(lines.first?.1 == long)
        #expect(lines.last?.1 == Array("next".utf8))
    }
}
