import Foundation
import Testing

@testable import ParoleWatchCore

@Suite("JSON line parser")
struct JSONLineParserTests {
    static func parse(_ line: String) -> JSONLineParser.Outcome {
        var line = line
        return line.withUTF8 { JSONLineParser.parse($0) }
    }

    /// The fields of `line`, with a `title` or `text` read in place (``JSONLineParser/Value/bytes(_:)``) given as the
    /// string its bytes spell, so expectations read as strings.
    static func fields(_ line: String) -> JSONLineParser.Fields? {
        guard case .object(var fields) = parse(line) else { return nil }
        let utf8 = Array(line.utf8)
        func decoded(_ value: JSONLineParser.Value?) -> JSONLineParser.Value? {
            guard case .bytes(let range)? = value else { return value }
            return .string(String(decoding: utf8[range], as: UTF8.self))
        }
        fields.title = decoded(fields.title)
        fields.text = decoded(fields.text)
        return fields
    }

    @Test("decodes every string escape, surrogate pairs included")
    func escapes() throws {
        let fields = try #require(
            Self.fields(#"{"id":"a\/b","text":"\"\\\/\b\f\n\r\t\u00e9\u00E9\ud83d\ude00\u0000x"}"#)
        )
        #expect(fields.id == .string("a/b"))
        #expect(fields.text == .string("\"\\/\u{8}\u{C}\n\r\téé😀\u{0}x"))
    }

    @Test("gives an unescaped title or text as the range of its bytes in the line, other strings decoded")
    func inPlaceText() throws {
        let line = #"{"id":"p1","title":"Reabren","text":"ñandú 👍🏽 $300","lang":"es"}"#
        guard case .object(let fields) = Self.parse(line) else {
            Issue.record("not an object")
            return
        }
        let utf8 = Array(line.utf8)
        guard case .bytes(let title)? = fields.title, case .bytes(let text)? = fields.text else {
            Issue.record("title and text not in place: \(fields)")
            return
        }
        #expect(String(decoding: utf8[title], as: UTF8.self) == "Reabren")
        #expect(String(decoding: utf8[text], as: UTF8.self) == "ñandú 👍🏽 $300")
        #expect(fields.id == .string("p1") && fields.lang == .string("es"))
        let escaped = try #require(Self.fields(#"{"id":1,"text":"a\nb"}"#))
        #expect(escaped.text == .string("a\nb"))
    }

    @Test("decodes a title or text with escapes onto the end of a caller's buffer, when given one")
    func decodedIntoBuffer() throws {
        var line = #"{"id":1,"title":"R\u00e9abren","text":"a\nb \"c\""}"#
        var buffer: [UInt8]? = Array("kept".utf8)
        let outcome = line.withUTF8 { JSONLineParser.parse($0, decodingInto: &buffer) }
        guard case .object(let fields) = outcome, case .decoded(let title)? = fields.title,
            case .decoded(let text)? = fields.text, let bytes = buffer
        else {
            Issue.record("not decoded into the buffer: \(outcome)")
            return
        }
        #expect(String(decoding: bytes[..<4], as: UTF8.self) == "kept", "what the buffer held stays")
        #expect(String(decoding: bytes[title], as: UTF8.self) == "Réabren")
        #expect(String(decoding: bytes[text], as: UTF8.self) == "a\nb \"c\"")
        #expect(Self.fields(line)?.text == .string("a\nb \"c\""), "without a buffer, a string")
    }

    @Test("keeps unescaped text as it is")
    func plainText() throws {
        let fields = try #require(Self.fields(#"{"id":"p1","title":"Reabren","text":"ñandú 👍🏽 $300","lang":"es"}"#))
        #expect(
            fields
                == .init(
                    id: .string("p1"),
                    title: .string("Reabren"),
                    text: .string("ñandú 👍🏽 $300"),
                    lang: .string("es")
                )
        )
    }

    @Test(
        "rejects bad escapes and unpaired surrogates",
        arguments: [
            #"{"id":1,"text":"\ud800"}"#, #"{"id":1,"text":"\udc00"}"#, #"{"id":1,"text":"\ud800\u0041"}"#,
            #"{"id":1,"text":"\ud800x"}"#, #"{"id":1,"text":"\x"}"#, #"{"id":1,"text":"\u12"}"#,
            #"{"id":1,"text":"\u12g4"}"#,
            "{\"id\":1,\"text\":\"a\tb\"}", "{\"id\":1,\"text\":\"a\u{1}b\"}", #"{"id":1,"text":"open"#,
        ]
    )
    func badStrings(_ line: String) {
        #expect(Self.parse(line) == .invalid)
    }

    @Test(
        "reads the id as a string, a boolean or a plain integer",
        arguments: [
            (#"{"id":"x"}"#, JSONLineParser.Value.string("x")), (#"{"id":0}"#, .integer(0)),
            (#"{"id":-0}"#, .integer(0)),
            (#"{"id":-12}"#, .integer(-12)), (#"{"id":123456789012345678}"#, .integer(123_456_789_012_345_678)),
            (#"{"id":true}"#, .bool(true)), (#"{"id":false}"#, .bool(false)), (#"{"id":null}"#, .null),
            (#"{"id":1.5}"#, .other(raw: Array("1.5".utf8))), (#"{"id":[1, 2]}"#, .other(raw: Array("[1, 2]".utf8))),
            (#"{"id":{"b":1}}"#, .other(raw: Array(#"{"b":1}"#.utf8))),
        ]
    )
    func ids(_ line: String, _ expected: JSONLineParser.Value) throws {
        #expect(try #require(Self.fields(line)).id == expected)
    }

    @Test(
        "checks numbers like JSONSerialization and leaves exponents and long numbers to it",
        arguments: [
            (#"{"n":01}"#, JSONLineParser.Outcome.invalid), (#"{"n":-}"#, .invalid), (#"{"n":1.}"#, .invalid),
            (#"{"n":.5}"#, .invalid), (#"{"n":1x}"#, .invalid), (#"{"n":-01}"#, .invalid),
            (#"{"n":1e5}"#, .undecided), (#"{"n":1E400}"#, .undecided),
            (#"{"n":123456789012345678901234}"#, .undecided),
            (#"{"n":-0.25}"#, .object(.init())), (#"{"n":0}"#, .object(.init())),
        ]
    )
    func numbers(_ line: String, _ expected: JSONLineParser.Outcome) {
        #expect(Self.parse(line) == expected)
    }

    @Test("skips nested values of other keys, checking them, up to a depth bound")
    func nesting() throws {
        let fields = try #require(
            Self.fields(#"{"x":[1,{"y":[[],{},"s",null,true]}],"id":1,"z":{"a":{"b":[-1.5]}},"text":"t"}"#)
        )
        #expect(fields.id == .integer(1) && fields.text == .string("t"))
        let deep = JSONLineParser.maximumDepth - 1
        #expect(
            Self.fields(
                #"{"id":1,"x":"# + String(repeating: "[", count: deep) + String(repeating: "]", count: deep) + "}"
            ) != nil
        )
        let tooDeep = JSONLineParser.maximumDepth + 1
        #expect(
            Self.parse(
                #"{"id":1,"x":"# + String(repeating: "[", count: tooDeep) + String(repeating: "]", count: tooDeep) + "}"
            ) == .undecided
        )
        #expect(Self.parse(#"{"id":1,"x":[1,{"a":}]}"#) == .invalid)
        #expect(Self.parse(#"{"id":1,"x":[1 2]}"#) == .invalid)
    }

    @Test(
        "accepts a trailing comma as JSONSerialization does, and nothing looser",
        arguments: [
            (#"{"id":1,"text":"x",}"#, true), (#"{"id":1,"x":[1,],"text":"x"}"#, true), (#"{"id":1,"x":[1,,]}"#, false),
            (#"{"id":1,"x":[,]}"#, false), (#"{,}"#, false), (#"{"id":1,,}"#, false),
        ]
    )
    func trailingCommas(_ line: String, _ isValid: Bool) {
        #expect((Self.fields(line) != nil) == isValid)
    }

    @Test("takes the last of repeated keys, and reads escaped key names")
    func keys() throws {
        let fields = try #require(Self.fields(#"{"id":1,"id":2,"text":"a","text":3,"\u0074itle":"t","TEXT":"no"}"#))
        #expect(fields.id == .integer(2))
        #expect(fields.text == .integer(3))
        #expect(fields.title == .string("t"))
    }

    @Test(
        "tells valid non-objects from invalid lines",
        arguments: [
            (#""str""#, JSONLineParser.Outcome.notObject), ("1", .notObject), ("null", .notObject), ("[]", .notObject),
            (#"[{"id":1,"text":"x"}]"#, .notObject), ("  true\t", .notObject),
            ("{", .invalid), ("abc", .invalid), ("tru", .invalid), ("nulll", .invalid),
            (#"{"id":1,"text":"x"}}"#, .invalid),
            (#"{"id":1 "text":"x"}"#, .invalid), (#"{"id":1} x"#, .invalid), ("\u{B}{}", .invalid),
            ("\u{FEFF}{\"id\":1,\"text\":\"x\"}", .undecided), ("\u{0}{}", .undecided),
        ]
    )
    func shapes(_ line: String, _ expected: JSONLineParser.Outcome) {
        #expect(Self.parse(line) == expected)
    }
}
