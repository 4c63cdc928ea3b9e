/// Finds every rule phrase in a ``NormalizedText`` in one pass: Aho-Corasick over bytes, with the failure links
/// folded into a dense transition table over a reduced alphabet. Built once per rule load and shared.
///
/// Each phrase is matched with the spaces around it (`" parole "`), so matches are aligned on token boundaries
/// (the normalized text starts and ends with a space). A phrase ending in `*` is a prefix phrase: `" reabr"` matches
/// at the start of any token beginning with `reabr` and the match extends to the end of that token.
///
/// The alphabet has one class per byte that occurs in some phrase (plus space) and one class for every other byte,
/// which no phrase contains; with normalized phrases that is about 40 classes, so the table is
/// `states × classes` `Int32`s (about 9 MB for 5,000 random phrases of 4–30 bytes, 55,000 states). A negative entry
/// `~s` means "go to `s`, which has outputs", so the scanning loop tests for outputs with one sign check.
public struct PhraseAutomaton: Sendable {
    /// `transitions[row + class]`, where a state's row is `state * classCount`; an entry holds the next state's row,
    /// or `~row` when that state has outputs. Storing rows rather than state numbers takes the multiplication off the
    /// chain of dependent loads that the scan is.
    private let transitions: [Int32]
    private let classCount: Int
    /// Byte → class (0 for bytes no phrase contains).
    private let classes: [UInt16]
    /// Phrases ending in each state, including those reached by failure links:
    /// `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Per phrase: byte length of the phrase body (without `*`) and whether it is a prefix phrase.
    private let bodyLengths: [Int32]
    private let isPrefix: [Bool]
    /// Per phrase: spaces inside its body (its word count less one).
    private let bodySpaces: [Int32]

    /// Number of phrases the automaton was built with.
    public var phraseCount: Int { bodyLengths.count }
    /// Number of automaton states (for sizing and benchmarks).
    public var stateCount: Int { outputStart.count - 1 }

    /// Builds the automaton. `phrases` are already-normalized byte strings (``Normalizer/normalizedPhrase(_:)``,
    /// without the outer spaces); a phrase ending in `*` matches any token that starts with the rest (`reabr*` matches
    /// `reabren`, `reabrieron`). An empty phrase (or a lone `*`) never matches. Linear in the total phrase length
    /// times the alphabet size.
    public init(phrases: [[UInt8]]) {
        var patterns: [[UInt8]] = []
        var bodyLengths: [Int32] = []
        var isPrefix: [Bool] = []
        var bodySpaces: [Int32] = []
        patterns.reserveCapacity(phrases.count)
        for phrase in phrases {
            let prefix = phrase.last == UInt8(ascii: "*")
            let body = prefix ? phrase.dropLast() : phrase[...]
            bodyLengths.append(Int32(body.count))
            isPrefix.append(prefix)
            bodySpaces.append(Int32(body.count { $0 == 0x20 }))
            // An empty body would match every separator: give it a pattern that cannot occur (two spaces).
            patterns.append(body.isEmpty ? [0x20, 0x20] : [0x20] + body + (prefix ? [] : [0x20]))
        }

        var classes = [UInt16](repeating: 0, count: 256)
        var classCount = 1
        for pattern in patterns {
            for byte in pattern where classes[Int(byte)] == 0 {
                classes[Int(byte)] = UInt16(classCount)
                classCount += 1
            }
        }

        // Trie, with -1 for "no edge yet", in a table sized once for the most states the patterns can make (one per
        // pattern byte, plus the root) and cut to the states made: growing it row by row copied it again and again.
        let stateBound = 1 + patterns.reduce(0) { $0 + $1.count }
        var table = [Int32](repeating: -1, count: stateBound * classCount)
        var terminal: [[Int32]] = [[]]
        var stateCount = 1
        table.withUnsafeMutableBufferPointer { table in
            for (index, pattern) in patterns.enumerated() {
                var state = 0
                for byte in pattern {
                    let slot = state * classCount + Int(classes[Int(byte)])
                    if table[slot] < 0 {
                        table[slot] = Int32(stateCount)
                        stateCount += 1
                        terminal.append([])
                    }
                    state = Int(table[slot])
                }
                terminal[state].append(Int32(index))
            }
        }
        table.removeLast((stateBound - stateCount) * classCount)

        // Breadth-first: failure links, folded into the table; outputs inherited along failure links.
        var failure = [Int32](repeating: 0, count: stateCount)
        var queue: [Int32] = []
        queue.reserveCapacity(stateCount)
        table.withUnsafeMutableBufferPointer { table in
            for symbol in 0..<classCount {
                if table[symbol] < 0 {
                    table[symbol] = 0
                } else {
                    queue.append(table[symbol])
                }
            }
            var head = 0
            while head < queue.count {
                let state = Int(queue[head])
                head += 1
                let fallback = Int(failure[state])
                if !terminal[fallback].isEmpty { terminal[state].append(contentsOf: terminal[fallback]) }
                let row = state * classCount
                let fallbackRow = fallback * classCount
                for symbol in 0..<classCount {
                    let viaFailure = table[fallbackRow + symbol]
                    let next = table[row + symbol]
                    if next < 0 {
                        table[row + symbol] = viaFailure
                    } else {
                        failure[Int(next)] = viaFailure
                        queue.append(next)
                    }
                }
            }
        }

        var outputStart: [Int32] = []
        var outputs: [Int32] = []
        outputStart.reserveCapacity(stateCount + 1)
        var hasOutputs = [Bool](repeating: false, count: stateCount)
        for state in 0..<stateCount {
            outputStart.append(Int32(outputs.count))
            outputs.append(contentsOf: terminal[state].sorted())
            hasOutputs[state] = !terminal[state].isEmpty
        }
        outputStart.append(Int32(outputs.count))
        table.withUnsafeMutableBufferPointer { table in
            for slot in table.indices {
                let next = Int(table[slot])
                let row = Int32(next * classCount)
                table[slot] = hasOutputs[next] ? ~row : row
            }
        }

        self.transitions = table
        self.classCount = classCount
        self.classes = classes
        self.outputStart = outputStart
        self.outputs = outputs
        self.bodyLengths = bodyLengths
        self.isPrefix = isPrefix
        self.bodySpaces = bodySpaces
    }

    /// Calls `body(phraseIndex, normalizedStart, normalizedEnd)` for every occurrence aligned on token boundaries:
    /// it starts at a token start and ends at a token end (a prefix phrase may end anywhere inside its last token, and
    /// `normalizedEnd` is then the end of that token). Overlapping occurrences of different phrases are all reported,
    /// in order of the byte where their pattern ends, then by phrase index. One pass over the text; `O(1)` per byte
    /// plus the matches.
    public func forEachMatch(in text: NormalizedText, _ body: (_ phrase: Int, _ start: Int, _ end: Int) -> Void) {
        forEachTokenMatch(in: text) { phrase, start, end, _, _ in body(phrase, start, end) }
    }

    /// ``forEachMatch(in:_:)`` with the indices of the first and last token each occurrence covers
    /// (``NormalizedText/tokenIndex(at:)`` of its first and last byte), counted during the pass rather than looked up.
    func forEachTokenMatch(
        in text: NormalizedText,
        _ body: (_ phrase: Int, _ start: Int, _ end: Int, _ firstToken: Int, _ lastToken: Int) -> Void
    ) {
        let classCount = classCount
        text.bytes.withUnsafeBufferPointer { bytes in
            transitions.withUnsafeBufferPointer { transitions in
                classes.withUnsafeBufferPointer { classes in
                    var row = 0
                    // Spaces in bytes[0...offset]: tokens are separated by exactly one space, so the token holding
                    // a byte is the number of spaces before it, less one.
                    var spaces = 0
                    for offset in 0..<bytes.count {
                        let byte = bytes[offset]
                        spaces &+= byte == 0x20 ? 1 : 0
                        let next = transitions[row &+ Int(classes[Int(byte)])]
                        if next >= 0 {
                            row = Int(next)
                            continue
                        }
                        row = Int(~next)
                        let state = row / classCount
                        for slot in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                            let phrase = Int(outputs[slot])
                            let length = Int(bodyLengths[phrase])
                            if isPrefix[phrase] {
                                var end = offset + 1
                                while end < bytes.count && bytes[end] != 0x20 { end += 1 }
                                let first = spaces - 1 - Int(bodySpaces[phrase])
                                // A body ending in a space at the end of the text ends in the token before it.
                                let last = bytes[end - 1] == 0x20 ? spaces - 2 : spaces - 1
                                body(phrase, offset + 1 - length, end, first, last)
                            } else {
                                // The pattern's last byte, at `offset`, is the space after the phrase.
                                let last = spaces - 2
                                body(phrase, offset - length, offset, last - Int(bodySpaces[phrase]), last)
                            }
                        }
                    }
                }
            }
        }
    }
}
