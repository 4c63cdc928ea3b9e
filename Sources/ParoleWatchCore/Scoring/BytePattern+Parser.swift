extension BytePattern {
    /// Recursive descent over the pattern's scalars. Refuses, with the offending character's offset, whatever is
    /// outside the syntax ``BytePattern`` documents, including syntax ICU reads in a way of its own (a `]` right after
    /// `[`, `[:alpha:]`, `&&` in a class) so that an accepted pattern always means what ICU would make of it.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        var depth = 0

        /// Groups may nest this deep (the parser recurses once per group).
        static let maximumDepth = 64

        static func parse(_ source: String) throws(BytePatternError) -> Node {
            var parser = Parser(scalars: Array(source.unicodeScalars))
            guard !parser.scalars.isEmpty else { throw BytePatternError(message: "the pattern is empty", offset: 0) }
            let node = try parser.parseAlternation()
            if parser.position < parser.scalars.count {
                throw BytePatternError(message: "')' without a group to close", offset: parser.position)
            }
            let size = node.programSize + 1
            guard size <= maximumProgramSize else {
                throw BytePatternError(
                    message: "the pattern needs more than \(maximumProgramSize) instructions once {n,m} are expanded",
                    offset: 0
                )
            }
            return node
        }

        private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
            position + ahead < scalars.count ? scalars[position + ahead] : nil
        }

        private func error(_ message: String, at offset: Int) -> BytePatternError {
            BytePatternError(message: message, offset: offset)
        }

        /// `branch ('|' branch)*`
        mutating func parseAlternation() throws(BytePatternError) -> Node {
            var branches = [try parseSequence()]
            while peek() == "|" {
                position += 1
                branches.append(try parseSequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        /// Quantified atoms up to `|`, `)` or the end; adjacent literals merge into one.
        private mutating func parseSequence() throws(BytePatternError) -> Node {
            var items: [Node] = []
            while let next = peek(), next != "|", next != ")" {
                let start = position
                let (atom, isAssertion) = try parseAtom()
                let node = try parseQuantifier(of: atom, isAssertion: isAssertion, atomStart: start)
                switch (node, items.last) {
                case (.empty, _):
                    continue
                case (.literal(let bytes), .literal(let previous)?):
                    items[items.count - 1] = .literal(previous + bytes)
                default:
                    items.append(node)
                }
            }
            return items.isEmpty ? .empty : items.count == 1 ? items[0] : .sequence(items)
        }

        /// `? * + {n} {n,} {n,m}`, each optionally lazy (`?`), after an atom.
        private mutating func parseQuantifier(
            of atom: Node,
            isAssertion: Bool,
            atomStart: Int
        ) throws(BytePatternError) -> Node {
            guard let symbol = peek(), "?*+{".unicodeScalars.contains(symbol) else { return atom }
            let start = position
            position += 1
            let low: Int
            let high: Int?
            switch symbol {
            case "?": (low, high) = (0, 1)
            case "*": (low, high) = (0, nil)
            case "+": (low, high) = (1, nil)
            default: (low, high) = try parseCounts(openedAt: start)
            }
            guard !isAssertion else {
                throw error("an assertion (^ $ \\b \\B) cannot be repeated", at: start)
            }
            var isGreedy = true
            if peek() == "?" {
                isGreedy = false
                position += 1
            } else if peek() == "+" {
                throw error("possessive quantifiers (such as a++ or a*+) are not supported", at: position)
            }
            if let next = peek(), "?*+{".unicodeScalars.contains(next) {
                throw error("a quantifier cannot follow another; group what it repeats: (?:…)", at: position)
            }
            let quantifier = String(String.UnicodeScalarView(scalars[start..<position]))
            if high.map({ $0 > 1 }) ?? true, atom.isNullable {
                throw error(
                    "'\(quantifier)' repeats something that can match the empty string, which is not supported",
                    at: start
                )
            }
            if high == nil, atom.hasUnboundedRepetition {
                throw error(
                    "'\(quantifier)' repeats something that already repeats without bound (as in (a+)+), "
                        + "which can take exponential time",
                    at: start
                )
            }
            if low == 1, high == 1 { return atom }
            let node = Node.repetition(atom, min: low, max: high, isGreedy: isGreedy)
            guard node.programSize < maximumProgramSize else {
                throw error(
                    "'\(quantifier)' expands to more than \(maximumProgramSize) instructions; lower its counts",
                    at: start
                )
            }
            return node
        }

        /// The counts of `{n}`, `{n,}`, `{n,m}`, after the `{`.
        private mutating func parseCounts(openedAt start: Int) throws(BytePatternError) -> (Int, Int?) {
            let malformed = error(
                "'{' must start a repetition {n}, {n,} or {n,m}; write \\{ for a literal brace",
                at: start
            )
            guard let low = parseNumber() else { throw malformed }
            var high: Int? = low
            if peek() == "," {
                position += 1
                high = parseNumber()
            }
            guard peek() == "}" else { throw malformed }
            position += 1
            guard max(low, high ?? 0) <= maximumRepetition else {
                throw error("repetition counts above \(maximumRepetition) are not supported", at: start)
            }
            if let high, high < low {
                throw error("the repetition {\(low),\(high)} has its maximum below its minimum", at: start)
            }
            return (low, high)
        }

        /// Decimal digits, or nil when there are none; saturates far above any allowed count.
        private mutating func parseNumber() -> Int? {
            var value: Int?
            while let digit = peek(), ("0"..."9").contains(digit) {
                value = min((value ?? 0) * 10 + Int(digit.value - 48), 1_000_000)
                position += 1
            }
            return value
        }

        /// One atom; `isAssertion` for the zero-width ones that cannot be quantified.
        private mutating func parseAtom() throws(BytePatternError) -> (Node, isAssertion: Bool) {
            let start = position
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "(":
                return (try parseGroup(openedAt: start), false)
            case "[":
                return (.byteClass(try parseClass(openedAt: start)), false)
            case "\\":
                return try parseEscape(at: start)
            case ".":
                return (.byteClass(.dot), false)
            case "^":
                return (.assertion(.textStart), true)
            case "$":
                return (.assertion(.textEnd), true)
            case "?", "*", "+":
                throw error("'\(scalar)' has nothing to repeat", at: start)
            case "{":
                throw error("'{' has nothing to repeat; write \\{ for a literal brace", at: start)
            case "}":
                throw error("write \\} for a literal '}'", at: start)
            default:
                return (.literal(Array(String(scalar).utf8)), false)
            }
        }

        /// After `(`: `(…)`, `(?:…)` or `(?<name>…)`; refuses the other `(?` forms by name.
        private mutating func parseGroup(openedAt start: Int) throws(BytePatternError) -> Node {
            guard depth < Self.maximumDepth else {
                throw error("groups nest more than \(Self.maximumDepth) deep", at: start)
            }
            if peek() == "?" {
                switch (peek(1), peek(2)) {
                case (":", _):
                    position += 2
                case ("<", "="), ("<", "!"):
                    throw error("lookbehind (?<=…) and (?<!…) is not supported", at: start)
                case ("<", let letter?) where letter.isASCII && letter.properties.isAlphabetic:
                    position += 2
                    while let name = peek(), name.isASCII, name.properties.isAlphabetic || ("0"..."9").contains(name) {
                        position += 1
                    }
                    guard peek() == ">" else { throw error("malformed group name in (?<name>…)", at: start) }
                    position += 1
                case ("=", _), ("!", _):
                    throw error("lookahead (?=…) and (?!…) is not supported", at: start)
                case (">", _):
                    throw error("atomic groups (?>…) are not supported", at: start)
                case ("#", _):
                    throw error("comments (?#…) are not supported", at: start)
                case (let flag?, _) where flag == "-" || (flag.isASCII && flag.properties.isAlphabetic):
                    throw error("inline flags such as (?i) are not supported", at: start)
                default:
                    throw error("unsupported group syntax '(?'", at: start)
                }
            }
            depth += 1
            let inner = try parseAlternation()
            depth -= 1
            guard peek() == ")" else { throw error("missing ')' to close this group", at: start) }
            position += 1
            return inner
        }

        /// After a `\` outside a class.
        private mutating func parseEscape(at start: Int) throws(BytePatternError) -> (Node, isAssertion: Bool) {
            guard let letter = peek() else { throw error("the pattern ends with a lone '\\'", at: start) }
            position += 1
            if let set = ByteClass.shorthand(letter) { return (.byteClass(set), false) }
            switch letter {
            case "b": return (.assertion(.wordBoundary), true)
            case "B": return (.assertion(.notWordBoundary), true)
            default: return (.literal(Array(String(try escapedScalar(letter, at: start)).utf8)), false)
            }
        }

        /// The scalar an escape other than a class or an assertion stands for: a control character, a hexadecimal
        /// code, or escaped punctuation (or a non-ASCII scalar) standing for itself.
        private mutating func escapedScalar(
            _ letter: Unicode.Scalar,
            at start: Int
        ) throws(BytePatternError) -> Unicode.Scalar {
            switch letter {
            case "t": return "\t"
            case "n": return "\n"
            case "r": return "\r"
            case "f": return "\u{0C}"
            case "e": return "\u{1B}"
            case "a": return "\u{07}"
            case "x" where peek() == "{":
                position += 1
                return try parseHex(digits: 1...6, at: start, closedBy: "}")
            case "x":
                return try parseHex(digits: 2...2, at: start, closedBy: nil)
            case "u":
                return try parseHex(digits: 4...4, at: start, closedBy: nil)
            case "1"..."9":
                throw error("backreferences such as \\\(letter) are not supported", at: start)
            case "0":
                throw error("octal escapes \\0… are not supported; use \\xhh", at: start)
            case "k":
                throw error("named backreferences \\k<…> are not supported", at: start)
            case "p", "P":
                throw error("Unicode property classes \\\(letter){…} are not supported", at: start)
            case "Q", "E":
                throw error("quoting with \\Q…\\E is not supported; escape each character", at: start)
            default:
                guard !(letter.isASCII && (letter.properties.isAlphabetic || ("0"..."9").contains(letter))) else {
                    throw error("the escape \\\(letter) is not supported", at: start)
                }
                return letter
            }
        }

        /// `hh` (a count of hexadecimal digits in `digits`), then `closedBy` if given.
        private mutating func parseHex(
            digits: ClosedRange<Int>,
            at start: Int,
            closedBy closer: Unicode.Scalar?
        ) throws(BytePatternError) -> Unicode.Scalar {
            var value: UInt32 = 0
            var count = 0
            while count < digits.upperBound, let digit = peek(), let nibble = Character(digit).hexDigitValue {
                value = value * 16 + UInt32(nibble)
                count += 1
                position += 1
            }
            let isClosed = closer.map { closer in peek() == closer } ?? true
            guard digits.contains(count), isClosed, let scalar = Unicode.Scalar(value) else {
                throw error("malformed hexadecimal escape (\\xhh, \\x{h…} or \\uhhhh)", at: start)
            }
            if closer != nil { position += 1 }
            return scalar
        }

        /// After `[`: members up to `]`, as a set.
        private mutating func parseClass(openedAt start: Int) throws(BytePatternError) -> ByteClass {
            var isNegated = false
            if peek() == "^" {
                isNegated = true
                position += 1
            }
            var set = ByteClass()
            var isFirst = true
            while true {
                guard let scalar = peek() else { throw error("missing ']' to close this class", at: start) }
                let memberStart = position
                position += 1
                var low: Unicode.Scalar
                switch scalar {
                case "]" where isFirst:
                    throw error("ICU reads a ']' right after '[' or '[^' in its own way; write \\]", at: memberStart)
                case "]":
                    return isNegated ? set.inverted : set
                case "[":
                    throw error(
                        "nested classes and POSIX classes ([:alpha:]) are not supported; write \\[ for a literal '['",
                        at: memberStart
                    )
                case ":" where isFirst:
                    throw error("a class starting with ':' reads as a POSIX class in ICU; write \\:", at: memberStart)
                case "&" where peek() == "&":
                    throw error("class intersection && is not supported; write \\& for a literal '&'", at: memberStart)
                case "{", "}":
                    throw error("write \\\(scalar) for a literal brace in a class", at: memberStart)
                case "-" where !isFirst && peek() != "]":
                    throw error(
                        "a '-' inside a class must be first, last, part of a range like a-z, or escaped as \\-",
                        at: memberStart
                    )
                case "\\":
                    guard let letter = peek() else { throw error("missing ']' to close this class", at: start) }
                    position += 1
                    if let shorthand = ByteClass.shorthand(letter) {
                        set.formUnion(shorthand)
                        isFirst = false
                        if peek() == "-", peek(1) != "]" {
                            throw error("a range cannot start with \\\(letter)", at: memberStart)
                        }
                        continue
                    }
                    guard letter != "b", letter != "B" else {
                        throw error("\\\(letter) is not supported inside a class", at: memberStart)
                    }
                    low = try escapedScalar(letter, at: memberStart)
                default:
                    low = scalar
                }
                isFirst = false
                guard peek() == "-", let next = peek(1), next != "]" else {
                    set.insert(low)
                    continue
                }
                guard low != "-" else {
                    throw error("a range cannot start with '-'; write \\- for a literal '-'", at: memberStart)
                }
                position += 1
                let high = try parseRangeEnd(next)
                guard low.isASCII, high.isASCII else {
                    throw error("class ranges must be between ASCII characters", at: memberStart)
                }
                guard low.value <= high.value else {
                    throw error("the class range \(low)-\(high) runs backwards", at: memberStart)
                }
                set.insert(UInt8(low.value)...UInt8(high.value))
            }
        }

        /// The upper end of a class range, `first` being its first scalar (not yet consumed).
        private mutating func parseRangeEnd(_ first: Unicode.Scalar) throws(BytePatternError) -> Unicode.Scalar {
            let start = position
            position += 1
            switch first {
            case "-":
                throw error("class difference -- is not supported; write \\- for a literal '-'", at: start - 1)
            case "[", "{", "}", "&":
                throw error("write \\\(first) for a literal '\(first)' in a class", at: start)
            case "\\":
                guard let letter = peek() else { throw error("the pattern ends with a lone '\\'", at: start) }
                position += 1
                guard ByteClass.shorthand(letter) == nil, letter != "b", letter != "B" else {
                    throw error("a range cannot end with \\\(letter)", at: start)
                }
                return try escapedScalar(letter, at: start)
            default:
                return first
            }
        }
    }
}
