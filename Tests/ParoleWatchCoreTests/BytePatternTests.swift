import Testing

@testable import ParoleWatchCore

/// The regular expressions of `pattern:` rules, matched on UTF-8 bytes: what each piece of syntax means, what is
/// refused and how, and the shipped patterns on the texts they were written for.
@Suite("BytePattern")
struct BytePatternTests {
    static let money = #"(\$ ?[0-9]|[0-9] ?\$|[0-9]+ (dolares|dollars|dola|usd|dolar)\b)"#
    static let phone = #"\b[0-9]{3} ?[0-9]{3} ?[0-9]{4}\b|\b555 ?0[0-9]{3}\b"#

    /// The matched texts.
    private func found(_ pattern: String, in text: String, limit: Int = .max) throws -> [String] {
        let bytes = Array(text.utf8)
        return try ranges(pattern, in: text, limit: limit).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The matched byte ranges.
    private func ranges(_ pattern: String, in text: String, limit: Int = .max) throws -> [Range<Int>] {
        let compiled = try BytePattern(pattern)
        return Array(text.utf8).withUnsafeBufferPointer { compiled.matches(in: $0, limit: limit) }
    }

    private func refusal(_ pattern: String) -> BytePatternError? {
        #expect(throws: BytePatternError.self) { _ = try BytePattern(pattern) }
    }

    // MARK: Syntax

    @Test("literals match their UTF-8 bytes, non-ASCII ones included")
    func literals() throws {
        #expect(try found("dolares", in: " 300 dolares ") == ["dolares"])
        #expect(try found("é", in: " café éé ") == ["é", "é", "é"])
        #expect(try found("€ 5", in: " 10 € 5 ") == ["€ 5"])
        #expect(try found("parole", in: " parol ").isEmpty)
    }

    @Test("escaped punctuation stands for itself; \\t \\n \\xhh \\x{…} \\uhhhh are characters")
    func escapes() throws {
        #expect(try found(#"\$\.\(\)\[\]\{\}\*\+\?\|\^\-\/\\"#, in: #"x$.()[]{}*+?|^-/\y"#) == [#"$.()[]{}*+?|^-/\"#])
        #expect(try found(#"a\tb\nc"#, in: "a\tb\nc") == ["a\tb\nc"])
        #expect(try found(#"\x41\x{20AC}\u00e9"#, in: "A€é") == ["A€é"])
        #expect(try found(#"\ "#, in: "a b") == [" "])
    }

    @Test("`.` is one whole scalar, never a line terminator")
    func dot() throws {
        #expect(try found("a.b", in: "aéb a€b axb") == ["aéb", "a€b", "axb"])
        #expect(try found("a.b", in: "a\nb a\rb").isEmpty)
        #expect(try ranges(".", in: "é€") == [0..<2, 2..<5])
    }

    @Test("classes: members, ASCII ranges, negation (which takes whole scalars), shorthands inside")
    func classes() throws {
        #expect(try found("[a-c]+", in: "abcd cab") == ["abc", "cab"])
        #expect(try found("[^a-c ]+", in: "abé€d c") == ["é€d"])
        #expect(try found(#"[\d$]+"#, in: "x $25 y") == ["$25"])
        #expect(try found("[-a]+ [a-]+", in: "a-a -a-") == ["a-a -a-"])
        #expect(try found("[é€]", in: "e é € $") == ["é", "€"])
        #expect(try found(#"[\w]+"#, in: "año€5") == ["año", "5"])
        #expect(try found(#"[^\w ]"#, in: "a € é $") == ["€", "$"])
        #expect(try found(#"[\]\[\\]+"#, in: #"x[]\y"#) == [#"[]\"#])
    }

    @Test("\\d \\w \\s and their negations: \\w is ASCII word characters and every non-ASCII scalar but €")
    func shorthands() throws {
        #expect(try found(#"\d+"#, in: "a12b3") == ["12", "3"])
        #expect(try found(#"\D+"#, in: "a12é3") == ["a", "é"])
        #expect(try found(#"\w+"#, in: "pa_ro1e ñandú €5") == ["pa_ro1e", "ñandú", "5"])
        #expect(try found(#"\W+"#, in: "a €$ b") == [" €$ "])
        #expect(try found(#"\s+"#, in: "a \t\nb") == [" \t\n"])
        #expect(try found(#"\S+"#, in: "ab é€") == ["ab", "é€"])
    }

    @Test("\\b is a change between \\w and not \\w (the text's ends count as not \\w); \\B is its absence")
    func wordBoundaries() throws {
        #expect(try ranges(#"\b"#, in: "ab cd") == [0..<0, 2..<2, 3..<3, 5..<5])
        #expect(try found(#"\b\d+\b"#, in: "a1 22 3b 44") == ["22", "44"])
        #expect(try found(#"\b\w+\b"#, in: "€5 año") == ["5", "año"])
        #expect(try ranges(#"\B"#, in: "ab €") == [1..<1, 3..<3, 6..<6])
    }

    @Test("^ and $ are the start and end of the text (and $ also just before a final line break)")
    func anchors() throws {
        #expect(try found("^a", in: "aa a") == ["a"])
        #expect(try found("a$", in: "aa a") == ["a"])
        #expect(try ranges("$", in: "ab\n") == [2..<2, 3..<3])
        #expect(try found("^ab$", in: "ab") == ["ab"])
        #expect(try found("^b", in: "ab").isEmpty)
    }

    @Test("alternatives are tried in order, groups only group")
    func alternation() throws {
        #expect(try found("a|ab", in: "ab") == ["a"])
        #expect(try found("ab|a", in: "ab") == ["ab"])
        #expect(try found("(?:ab|a)(?:c|bcd)", in: "abcd") == ["abc"])
        #expect(try found("(a|b)(?<tail>c)", in: "bc") == ["bc"])
        #expect(try found("x(?:)y|z", in: "xy z") == ["xy", "z"])
    }

    @Test("quantifiers are greedy, or lazy with a trailing ?")
    func quantifiers() throws {
        #expect(try found("a+", in: "aaa") == ["aaa"])
        #expect(try found("a+?", in: "aaa") == ["a", "a", "a"])
        #expect(try found("ba?", in: "ba b") == ["ba", "b"])
        #expect(try found("ba??", in: "ba") == ["b"])
        #expect(try found("a*?b", in: "aab") == ["aab"])
        #expect(try found("a{2}", in: "aaaaa") == ["aa", "aa"])
        #expect(try found("a{2,3}", in: "aaaaa") == ["aaa", "aa"])
        #expect(try found("a{2,3}?", in: "aaaaa") == ["aa", "aa"])
        #expect(try found("a{2,}", in: "a aaaa") == ["aaaa"])
        #expect(try found("(?:ab){1,2}c", in: "ababc abc") == ["ababc", "abc"])
        #expect(try found("(?:a|aa)+b", in: "aaab") == ["aaab"])
    }

    @Test("empty matches come one scalar apart, and after a match that ends where the next begins, as in ICU")
    func emptyMatches() throws {
        #expect(try ranges("a*", in: "baa") == [0..<0, 1..<3, 3..<3])
        #expect(try ranges("x?", in: "axxb") == [0..<0, 1..<2, 2..<3, 3..<3, 4..<4])
        #expect(try ranges("a?", in: "é") == [0..<0, 2..<2])
        #expect(try ranges("a*", in: "") == [0..<0])
    }

    @Test("a search stops at `limit`: a match must end within it, and the text ends there for $ and \\b")
    func limit() throws {
        #expect(try found(#"\d+"#, in: "12345", limit: 3) == ["123"])
        #expect(try found(#"\d+\b"#, in: "12345", limit: 3) == ["123"])
        #expect(try found("a$", in: "aab", limit: 2) == ["a"])
        #expect(try found(".", in: "aé", limit: 2) == ["a"])  // a limit inside a scalar moves back before it
    }

    @Test("the start table rules out every byte no match can begin with")
    func startBytes() throws {
        let program = try BytePattern(Self.money).program
        let starting = (0...255).filter { program.canStart(with: UInt8($0)) }.map { UInt8($0) }
        #expect(starting == [UInt8(ascii: "$")] + Array(UInt8(ascii: "0")...UInt8(ascii: "9")))
        #expect(try BytePattern("a*").program.canMatchEmpty)
        #expect(try !BytePattern("é").program.canStart(with: 0xA9))
    }

    @Test("a start is found at every offset, eight bytes at a time, among bytes that share its range or are not ASCII")
    func startSearchByWords() throws {
        #expect(try BytePattern(Self.money).program.startBounds?.below == 0x23)
        #expect(try BytePattern(Self.money).program.startBounds?.above == 0x3A)
        #expect(try BytePattern("é").program.startBounds == nil)
        // `%` and `'` lie between `$` and the digits: a word holding them is looked at, and passed over.
        let fillers: [String] = ["x", "%", "'", "ñ", "€"]
        for filler in fillers {
            for offset in 0..<20 {
                let text = String(repeating: filler, count: offset) + "7$" + String(repeating: filler, count: 19 - offset)
                let start = String(repeating: filler, count: offset).utf8.count
                #expect(try ranges(Self.money, in: text) == [start..<(start + 2)], "\(filler) × \(offset)")
            }
        }
    }

    @Test("a pattern that starts with \\b before a word byte is not tried just after a word byte, with the same matches")
    func startAfterNonWord() throws {
        #expect(try BytePattern(#"\b[0-9]+ dias"#).program.startsAfterNonWord)
        #expect(try BytePattern(Self.phone).program.startsAfterNonWord)
        #expect(try !BytePattern(Self.money).program.startsAfterNonWord)  // `250$` ends at an inner digit
        #expect(try !BytePattern(#"\b[0-9]*"#).program.startsAfterNonWord)  // matches the empty string
        #expect(try !BytePattern(#"\b\$"#).program.startsAfterNonWord)  // `$` is no word byte
        #expect(try found(#"\b[0-9]+ dias"#, in: "a12 dias, 12 dias, x1 2 dias, 123") == ["12 dias", "2 dias"])
        #expect(try found(#"\b[0-9]{3}\b"#, in: "1234 567 89 0123 456") == ["567", "456"])
    }

    @Test("one scratch serves many patterns and texts in turn with the results of fresh ones")
    func sharedScratch() throws {
        let scratch = BytePattern.Scratch()
        let patterns = try [Self.money, Self.phone, "(?:a|ab)+c", "a*", #"\b\w+\b"#].map { try BytePattern($0) }
        for text in [" 305 555 0129 $ 5 ", "ababc abc", "aab", "", String(repeating: "ab ", count: 300)] {
            for pattern in patterns {
                let bytes = Array(text.utf8)
                let shared = bytes.withUnsafeBufferPointer { pattern.matches(in: $0, limit: .max, scratch: scratch) }
                let fresh = bytes.withUnsafeBufferPointer { pattern.matches(in: $0) }
                #expect(shared == fresh)
            }
        }
    }

    @Test("no input makes the search slow: paths that meet again are not explored twice")
    func linearTime() throws {
        // Plain backtracking tries Fibonacci(n) ways to split the a's; ICU gives up on much shorter texts.
        let text = String(repeating: "a", count: 20_000)
        #expect(try found("(?:a|aa)+b", in: text).isEmpty)
        #expect(try found("(?:a|a)+b", in: text).isEmpty)
        #expect(try found("(?:a|aa){1,500}b", in: text).isEmpty)
        #expect(try found("a{1,1000}b|a", in: String(text.prefix(2000))).count == 2000)
    }

    // MARK: Refusals

    @Test(
        "syntax outside the subset is refused at load, naming the construct and the character",
        arguments: [
            (#"(a)\1"#, "backreferences", 4),
            (#"\k<n>"#, "named backreferences", 1),
            ("(?<=x)y", "lookbehind", 1),
            ("x(?<!y)", "lookbehind", 2),
            ("x(?=y)", "lookahead", 2),
            ("(?!y)", "lookahead", 1),
            ("(?>ab)", "atomic", 1),
            ("(?i)parole", "inline flags", 1),
            ("(?i:parole)", "inline flags", 1),
            (#"\p{L}+"#, "Unicode property", 1),
            (#"\P{L}"#, "Unicode property", 1),
            (#"\Qa.b\E"#, "\\Q…\\E", 1),
            ("a++", "possessive", 3),
            ("a{2}+", "possessive", 5),
            ("[[a-z]]", "nested classes", 2),
            ("[a[b]]", "nested classes", 3),
            ("[:alpha:]", "POSIX", 2),
            ("[a&&b]", "intersection", 3),
            ("[a--b]", "difference", 3),
            ("[]a]", "']' right after '['", 2),
            ("(a+)+", "repeats without bound", 5),
            ("(?:a*b)*", "repeats without bound", 8),
            ("(a*)*", "empty string", 5),
            ("(a?){2}", "empty string", 5),
            ("(a|)+", "empty string", 5),
            (#"\b+"#, "assertion", 3),
            ("^*a", "assertion", 2),
            ("a**", "cannot follow another", 3),
            ("*a", "nothing to repeat", 1),
            ("a{", "'{' must start a repetition", 2),
            ("a{,3}", "'{' must start a repetition", 2),
            ("a}", "literal '}'", 2),
            ("a{3,2}", "maximum below its minimum", 2),
            ("a{1001}", "above 1000", 2),
            ("(?:(?:abcd){100}){50}", "more than 4096 instructions", 18),
            ("(ab", "missing ')'", 1),
            ("ab)", "')' without a group", 3),
            ("[ab", "missing ']'", 1),
            ("[z-a]", "runs backwards", 2),
            ("[a-é]", "between ASCII characters", 2),
            ("[a-z-9]", "'-' inside a class", 5),
            (#"\d\A"#, #"escape \A"#, 3),
            (#"\x4g"#, "hexadecimal", 1),
            (#"ab\"#, "lone", 3),
            ("", "empty", 1),
        ]
    )
    func refused(pattern: String, fragment: String, character: Int) throws {
        let error = try #require(refusal(pattern))
        #expect(error.message.contains(fragment), "\(error)")
        #expect(error.offset + 1 == character, "\(error)")
        #expect(error.description.hasSuffix("(at character \(character))"))
    }

    @Test("repetition inside repetition is fine while only one of them is unbounded, or neither can match nothing")
    func boundedNesting() throws {
        _ = try BytePattern(#"\$ ?\d{1,3}(?: \d{3})*"#)
        _ = try BytePattern("(?:[ab]c?)+d")
        _ = try BytePattern("(?:a+b){2}")
        _ = try BytePattern("(?:a?)?")
        _ = try BytePattern("(?:[0-9]{1000}){4}")
    }

    // MARK: The shipped patterns

    @Test(
        "the money pattern fires on amounts and stays silent on years and percentages",
        arguments: [
            ("Only $250!", true), ("cuesta 200$", true), ("pagué 300 dolares", true), ("son 40 usd", true),
            ("$ 5", true), ("en 2026", false), ("100% gratis", false), ("300 dolaresx", false),
            ("reabren el parole", false),
        ]
    )
    func money(text: String, fires: Bool) throws {
        let normalized = Normalizer().normalize(text).text
        #expect(try !found(Self.money, in: normalized).isEmpty == fires, "\(normalized.debugDescription)")
    }

    @Test("the money pattern's matches in a normalized post")
    func moneyMatches() throws {
        let normalized = Normalizer().normalize("Pagas $250 o 200$ o 300 dolares en 2026").text
        #expect(try found(Self.money, in: normalized) == ["$ 2", "0 $", "300 dolares"])
    }

    @Test(
        "the phone pattern fires on ten-digit and 555 numbers",
        arguments: [
            ("(305) 555-0129", ["305 555 0129"]), ("786 555 0112", ["786 555 0112"]), ("llama 5550142", ["5550142"]),
            ("7865550112", ["7865550112"]), ("en 2026", []), ("12345678901", []),
        ]
    )
    func phone(text: String, expected: [String]) throws {
        let normalized = Normalizer().normalize(text).text
        #expect(try found(Self.phone, in: normalized) == expected, "\(normalized.debugDescription)")
    }

    @Test("`(305) 555-0129` normalizes to ` 305 555 0129 `, which the phone pattern matches whole")
    func phoneNormalized() throws {
        #expect(Normalizer().normalize("(305) 555-0129").text == " 305 555 0129 ")
        #expect(try ranges(Self.phone, in: " 305 555 0129 ") == [1..<13])
    }
}
