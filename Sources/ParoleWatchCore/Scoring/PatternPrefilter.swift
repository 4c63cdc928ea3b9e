/// A cheap test that rules out a regular expression before running it: a set of bytes such that every match of the
/// pattern contains at least one of them. When a text has none of these bytes, the pattern cannot match it, so the
/// (costly) regular expression engine is skipped; when it has one, the engine runs as before, so results never change.
/// The phrase automaton's scan tells which bytes a field has (``PhraseAutomaton/classMask(of:)``), so the test costs no
/// pass of its own.
///
/// Derived at load time from the pattern's source by a conservative reading of ICU syntax (the subset rule authors
/// write: literals, escapes, classes, groups, alternation, quantifiers, anchors). Whatever it does not understand
/// (inline flags such as `(?i)`, `\p{…}`, nested or POSIX classes, `\Q…\E`) gives no prefilter, never a wrong one.
/// Both shipped patterns need a digit or `$`, which most posts lack.
struct PatternPrefilter: Sendable, Equatable {
    /// Bytes that can make a match possible, as a 256-bit set.
    let bytes: ByteSet

    /// The prefilter for ICU pattern `source`, or nil when no byte is provably required.
    init?(pattern source: String) {
        var parser = Parser(scalars: Array(source.unicodeScalars))
        guard let requirement = parser.parseAlternation(), parser.isAtEnd, let bytes = requirement else { return nil }
        self.bytes = bytes
    }

    /// A set of byte values.
    struct ByteSet: Sendable, Equatable {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        static func == (a: ByteSet, b: ByteSet) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        init() {}

        mutating func insert(_ byte: UInt8) {
            let bit: UInt64 = 1 &<< UInt64(byte & 63)
            switch byte >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }

        /// Every byte that starts or continues a non-ASCII UTF-8 sequence: a text holding any non-ASCII character has one.
        mutating func insertNonASCII() {
            words.2 = ~0
            words.3 = ~0
        }

        mutating func formUnion(_ other: ByteSet) {
            words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
        }

        /// How often a text is expected to contain one of these bytes (spaces and letters are everywhere in normalized
        /// text, digits and symbols are rare): the requirement to keep among several is the one with the least.
        var commonness: Int {
            var total = 0
            for byte in 0...255 where contains(UInt8(byte)) {
                switch UInt8(byte) {
                case 0x20: total += 1000
                case UInt8(ascii: "a")...UInt8(ascii: "z"): total += 20
                default: total += 1
                }
            }
            return total
        }

        func contains(_ byte: UInt8) -> Bool {
            let bit: UInt64 = 1 &<< UInt64(byte & 63)
            switch byte >> 6 {
            case 0: return words.0 & bit != 0
            case 1: return words.1 & bit != 0
            case 2: return words.2 & bit != 0
            default: return words.3 & bit != 0
            }
        }
    }

    /// Recursive descent over the pattern. Each parse function returns nil when the construct is not understood
    /// (abandon the prefilter), else `.some(requirement)` where a nil requirement means "may match without any
    /// particular byte".
    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        var isAtEnd: Bool { position >= scalars.count }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            position + offset < scalars.count ? scalars[position + offset] : nil
        }

        /// `branch ('|' branch)*`: every branch must have a requirement; the union of them is required.
        mutating func parseAlternation() -> ByteSet?? {
            var union = ByteSet()
            var isRequired = true
            while true {
                guard let branch = parseBranch() else { return nil }
                if let branch { union.formUnion(branch) } else { isRequired = false }
                guard peek() == "|" else { break }
                position += 1
            }
            return .some(isRequired ? union : nil)
        }

        /// A sequence of quantified atoms: any one requirement of them is required; keep the rarest.
        mutating func parseBranch() -> ByteSet?? {
            var best: ByteSet?
            while let next = peek(), next != "|", next != ")" {
                guard let atom = parseAtom() else { return nil }
                guard let quantified = parseQuantifier(atom) else { return nil }
                if let quantified, best.map({ quantified.commonness < $0.commonness }) ?? true { best = quantified }
            }
            return .some(best)
        }

        /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy (`?`) or possessive (`+`). A quantifier that
        /// allows zero repetitions drops the requirement.
        mutating func parseQuantifier(_ atom: ByteSet?) -> ByteSet?? {
            var requirement = atom
            switch peek() {
            case "*", "?":
                position += 1
                requirement = nil
            case "+":
                position += 1
            case "{":
                position += 1
                var minimum = 0
                var digits = 0
                while let digit = peek(), ("0"..."9").contains(digit) {
                    minimum = min(minimum * 10 + Int(digit.value - 48), 1_000_000)
                    digits += 1
                    position += 1
                }
                guard digits > 0 else { return nil }
                if peek() == "," {
                    position += 1
                    while let digit = peek(), ("0"..."9").contains(digit) { position += 1 }
                }
                guard peek() == "}" else { return nil }
                position += 1
                if minimum == 0 { requirement = nil }
            default:
                return .some(requirement)
            }
            if peek() == "?" || peek() == "+" { position += 1 }
            return .some(requirement)
        }

        mutating func parseAtom() -> ByteSet?? {
            guard let scalar = peek() else { return nil }
            position += 1
            switch scalar {
            case "(":
                return parseGroup()
            case "[":
                return parseClass()
            case "\\":
                return parseEscape(inClass: false).map { $0.requirement }
            case ".", "^", "$":
                return .some(nil)
            case "*", "+", "?", "{", ")", "|":
                return nil
            default:
                return .some(Self.set(of: scalar))
            }
        }

        /// `(…)`, `(?:…)`, `(?<name>…)`, `(?>…)`; lookarounds `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)` are zero-width
        /// (no requirement). Inline flags and anything else abandon the prefilter.
        mutating func parseGroup() -> ByteSet?? {
            var isLookaround = false
            if peek() == "?" {
                switch (peek(1), peek(2)) {
                case (":", _), (">", _):
                    position += 2
                case ("=", _), ("!", _):
                    position += 2
                    isLookaround = true
                case ("<", "="), ("<", "!"):
                    position += 3
                    isLookaround = true
                case ("<", let letter?) where letter.properties.isAlphabetic:
                    position += 2
                    while let name = peek(), name != ">" {
                        guard name.properties.isAlphabetic || ("0"..."9").contains(name) else { return nil }
                        position += 1
                    }
                    guard peek() == ">" else { return nil }
                    position += 1
                default:
                    return nil
                }
            }
            guard let inner = parseAlternation(), peek() == ")" else { return nil }
            position += 1
            return .some(isLookaround ? nil : inner)
        }

        /// `[…]` of literals, ASCII-or-not ranges and `\d \w \s` / escaped literals. Negated classes match almost
        /// anything (no requirement); nested sets, set operations and POSIX classes abandon the prefilter.
        mutating func parseClass() -> ByteSet?? {
            var isNegated = false
            if peek() == "^" {
                isNegated = true
                position += 1
            }
            var set = ByteSet()
            var isFirst = true
            while true {
                guard let scalar = peek() else { return nil }
                if scalar == "]" {
                    // ICU reads a `]` right after `[` or `[^` in its own way: leave that to the engine.
                    guard !isFirst else { return nil }
                    break
                }
                isFirst = false
                position += 1
                var low: Unicode.Scalar
                switch scalar {
                case "[", "&":
                    return nil
                case "\\":
                    guard let escape = parseEscape(inClass: true) else { return nil }
                    guard let literal = escape.literal else {
                        guard let requirement = escape.requirement else { return nil }
                        set.formUnion(requirement)
                        continue
                    }
                    low = literal
                default:
                    low = scalar
                }
                if peek() == "-", let high = peek(1), high != "]" {
                    position += 2
                    var upper = high
                    if high == "\\" {
                        guard let escape = parseEscape(inClass: true), let literal = escape.literal else { return nil }
                        upper = literal
                    } else if high == "[" {
                        return nil
                    }
                    guard low.value <= upper.value else { return nil }
                    if low.value < 128 { set.insert(UInt8(low.value)...UInt8(min(upper.value, 127))) }
                    if upper.value >= 128 { set.insertNonASCII() }
                } else {
                    set.formUnion(Self.set(of: low))
                }
            }
            position += 1
            return .some(isNegated ? nil : set)
        }

        /// The escape after a backslash: a literal scalar, or a class (`\d`, `\w`, `\s`), or a zero-width or
        /// unconstrained item (requirement nil). Returns nil for escapes not understood.
        mutating func parseEscape(inClass: Bool) -> (literal: Unicode.Scalar?, requirement: ByteSet?)? {
            guard let scalar = peek() else { return nil }
            position += 1
            switch scalar {
            case "d":
                var set = ByteSet()
                set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
                set.insertNonASCII()
                return (nil, set)
            case "w":
                var set = ByteSet()
                set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
                set.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
                set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
                set.insert(UInt8(ascii: "_"))
                set.insertNonASCII()
                return (nil, set)
            case "s":
                var set = ByteSet()
                set.insert(0x09...0x0D)
                set.insert(0x20)
                set.insertNonASCII()
                return (nil, set)
            case "D", "W", "S":
                return inClass ? nil : (nil, nil)
            case "b", "B", "A", "z", "Z", "G":
                return inClass ? nil : (nil, nil)
            case "1"..."9":
                return inClass ? nil : (nil, nil)
            case "t": return ("\t", Self.set(of: "\t"))
            case "n": return ("\n", Self.set(of: "\n"))
            case "r": return ("\r", Self.set(of: "\r"))
            case "f": return ("\u{0C}", Self.set(of: "\u{0C}"))
            case "e": return ("\u{1B}", Self.set(of: "\u{1B}"))
            case "a": return ("\u{07}", Self.set(of: "\u{07}"))
            default:
                // Escaped punctuation stands for itself; any other escaped letter or digit has a meaning not handled.
                guard scalar.value < 128, !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else {
                    return nil
                }
                return (scalar, Self.set(of: scalar))
            }
        }

        static func set(of scalar: Unicode.Scalar) -> ByteSet {
            var set = ByteSet()
            if scalar.value < 128 { set.insert(UInt8(scalar.value)) } else { set.insertNonASCII() }
            return set
        }
    }
}
