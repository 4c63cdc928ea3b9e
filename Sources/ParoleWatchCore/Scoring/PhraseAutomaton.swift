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
public final class PhraseAutomaton: Sendable {
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
    /// Length of the longest pattern (phrase and spaces): a scan that has read this many bytes of a text is in the
    /// state a scan from the text's start would be in.
    private let longestPattern: Int

    /// Number of phrases the automaton was built with.
    public var phraseCount: Int { bodyLengths.count }
    /// Number of automaton states (for sizing and benchmarks).
    public var stateCount: Int { outputStart.count - 1 }

    /// Builds the automaton. `phrases` are already-normalized byte strings (``Normalizer/normalizedPhrase(_:)``,
    /// without the outer spaces); a phrase ending in `*` matches any token that starts with the rest (`reabr*` matches
    /// `reabren`, `reabrieron`). An empty phrase (or a lone `*`) never matches. Linear in the total phrase length
    /// times the alphabet size.
    ///
    /// Each of `distinguishedBytes` gets a class of its own even if no phrase contains it, so that the classes a scan
    /// reports (``forEachTokenMatch(in:_:)``) tell whether the text has it (the pattern rules' prefilters ask).
    public init(phrases: [[UInt8]], distinguishing distinguishedBytes: [UInt8] = []) {
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
        for pattern in patterns + [distinguishedBytes] {
            for byte in pattern where classes[Int(byte)] == 0 {
                classes[Int(byte)] = UInt16(classCount)
                classCount += 1
            }
        }

        // The trie, with each state's edges in a list (first child, next sibling): most states have one edge, and a
        // dense row per state would be filled and scanned for nothing.
        var firstChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var edgeClass: [UInt16] = [0]
        /// Per state, the phrases that end there (empty for most: an empty array allocates nothing).
        var ownOutputs: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() {
            var state = 0
            for byte in pattern {
                let symbol = classes[Int(byte)]
                var child = firstChild[state]
                while child >= 0 && edgeClass[Int(child)] != symbol { child = nextSibling[Int(child)] }
                if child < 0 {
                    child = Int32(edgeClass.count)
                    edgeClass.append(symbol)
                    firstChild.append(-1)
                    nextSibling.append(firstChild[state])
                    ownOutputs.append([])
                    firstChild[state] = child
                }
                state = Int(child)
            }
            ownOutputs[state].append(Int32(index))
        }
        let stateCount = edgeClass.count

        // Breadth-first, so that a state's failure state (shallower) is complete when the state is reached: a state's
        // row is its failure state's row with its own edges written over it, and its outputs are its own phrases
        // merged with its failure state's. An entry holds the next state's row, or `~row` when that state has
        // outputs (known when the entry is written: the next state's failure state is shallower).
        var table = [Int32](repeating: 0, count: stateCount * classCount)
        var failure = [Int32](repeating: 0, count: stateCount)
        var inheritedOutputs = [[Int32]](repeating: [], count: stateCount)
        var queue: [Int32] = [0]
        queue.reserveCapacity(stateCount)
        table.withUnsafeMutableBufferPointer { table in
            failure.withUnsafeMutableBufferPointer { failure in
                guard let base = table.baseAddress else { return }
                var head = 0
                while head < queue.count {
                    let state = Int(queue[head])
                    head += 1
                    let row = state * classCount
                    if state != 0 {
                        (base + row).update(from: base + Int(failure[state]) * classCount, count: classCount)
                    }
                    var child = firstChild[state]
                    while child >= 0 {
                        let next = Int(child)
                        let symbol = Int(edgeClass[next])
                        if state != 0 {
                            let viaFailure = table[row + symbol]
                            failure[next] = Int32((viaFailure < 0 ? ~viaFailure : viaFailure) / Int32(classCount))
                        }
                        let inherited = inheritedOutputs[Int(failure[next])]
                        if !ownOutputs[next].isEmpty || !inherited.isEmpty {
                            inheritedOutputs[next] =
                                inherited.isEmpty ? ownOutputs[next] : Self.merged(ownOutputs[next], inherited)
                        }
                        let nextRow = Int32(next * classCount)
                        table[row + symbol] = inheritedOutputs[next].isEmpty ? nextRow : ~nextRow
                        queue.append(child)
                        child = nextSibling[next]
                    }
                }
            }
        }

        var outputStart: [Int32] = []
        var outputs: [Int32] = []
        outputStart.reserveCapacity(stateCount + 1)
        for state in 0..<stateCount {
            outputStart.append(Int32(outputs.count))
            outputs.append(contentsOf: inheritedOutputs[state])
        }
        outputStart.append(Int32(outputs.count))

        self.transitions = table
        self.classCount = classCount
        self.classes = classes
        self.outputStart = outputStart
        self.outputs = outputs
        self.bodyLengths = bodyLengths
        self.isPrefix = isPrefix
        self.bodySpaces = bodySpaces
        self.longestPattern = patterns.map(\.count).max() ?? 0
    }

    /// Two ascending lists merged into one.
    private static func merged(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }

    /// Calls `body(phraseIndex, normalizedStart, normalizedEnd)` for every occurrence aligned on token boundaries:
    /// it starts at a token start and ends at a token end (a prefix phrase may end anywhere inside its last token, and
    /// `normalizedEnd` is then the end of that token). Overlapping occurrences of different phrases are all reported,
    /// in order of the byte where their pattern ends, then by phrase index. One pass over the text; `O(1)` per byte
    /// plus the matches.
    public func forEachMatch(in text: NormalizedText, _ body: (_ phrase: Int, _ start: Int, _ end: Int) -> Void) {
        forEachTokenMatch(in: text) { phrase, start, end, _, _ in body(phrase, start, end) }
    }

    /// The byte classes holding some byte of `bytes`, as a ``forEachTokenMatch(in:_:)`` scan reports them: a text
    /// whose scan shares no class with this mask has none of these bytes. Every class when there are more than 64.
    func classMask(of bytes: PatternPrefilter.ByteSet) -> UInt64 {
        guard classCount <= 64 else { return ~0 }
        var mask: UInt64 = 0
        for byte in 0...255 where bytes.contains(UInt8(byte)) { mask |= 1 &<< UInt64(classes[byte]) }
        return mask
    }

    /// ``forEachMatch(in:_:)`` with the indices of the first and last token each occurrence covers
    /// (``NormalizedText/tokenIndex(at:)`` of its first and last byte), counted during the pass rather than looked up.
    /// Returns the classes of the bytes the text holds (one bit per class, ``classMask(of:)``), gathered on the way.
    ///
    /// Each step of a scan waits for the table entry the previous step chose, so one scan leaves the processor idle
    /// most of the time. A long text is therefore scanned as two halves interleaved in one loop: the second half's
    /// scan starts ``longestPattern`` bytes early, so it is in the same state as a scan of the whole text by the time
    /// it reaches the half, and what it finds from there on is held back until the first half is done, to be
    /// reported in the same order as one scan would.
    @discardableResult
    func forEachTokenMatch(
        in text: NormalizedText,
        _ body: (_ phrase: Int, _ start: Int, _ end: Int, _ firstToken: Int, _ lastToken: Int) -> Void
    ) -> UInt64 {
        let classCount = classCount
        let longestPattern = longestPattern
        // The shift is taken modulo 64: past 64 classes the mask is meaningless, and reported as every class.
        let seenClasses: UInt64 = text.bytes.withUnsafeBufferPointer { bytes in
            transitions.withUnsafeBufferPointer { transitions in
                classes.withUnsafeBufferPointer { classes in
                    var seen: UInt64 = 0
                    /// Takes the byte at `scan.offset`; returns whether the state reached has outputs.
                    @inline(__always)
                    func advance(_ scan: inout Scan) -> Bool {
                        let byte = bytes[scan.offset]
                        scan.spaces &+= byte == 0x20 ? 1 : 0
                        let byteClass = Int(classes[Int(byte)])
                        seen |= 1 &<< UInt64(truncatingIfNeeded: byteClass)
                        let next = transitions[scan.row &+ byteClass]
                        scan.offset += 1
                        scan.row = Int(next < 0 ? ~next : next)
                        return next < 0
                    }
                    var first = Scan()
                    var firstEnd = bytes.count
                    let split = bytes.count / 2
                    if split >= 2 * longestPattern {
                        var second = Scan(offset: split - longestPattern)
                        for offset in 0..<second.offset { second.spaces &+= bytes[offset] == 0x20 ? 1 : 0 }
                        let isComplete = withUnsafeTemporaryAllocation(of: Match.self, capacity: 64) { held in
                            var heldCount = 0
                            /// One step of the second scan, holding back what it finds past the half. False once
                            /// more has been found than can be held.
                            @inline(__always)
                            func advanceSecond() -> Bool {
                                guard advance(&second), second.offset > split else { return true }
                                report(second, in: bytes, classCount: classCount) { phrase, start, end, low, high in
                                    if heldCount < held.count { held[heldCount] = Match(phrase, start, end, low, high) }
                                    heldCount += 1
                                }
                                return heldCount <= held.count
                            }
                            while first.offset < split {
                                if advance(&first) { report(first, in: bytes, classCount: classCount, to: body) }
                                guard advanceSecond() else { return false }
                            }
                            while second.offset < bytes.count {
                                guard advanceSecond() else { return false }
                            }
                            for match in held[0..<heldCount] {
                                body(match.phrase, match.start, match.end, match.firstToken, match.lastToken)
                            }
                            return true
                        }
                        // Too many matches to hold back: the first scan goes on alone (it reported only up to the half).
                        if isComplete { firstEnd = split }
                    }
                    while first.offset < firstEnd {
                        if advance(&first) { report(first, in: bytes, classCount: classCount, to: body) }
                    }
                    return seen
                }
            }
        }
        return classCount <= 64 ? seenClasses : ~0
    }

    /// Where a scan is: the next byte, the row of its state, and the spaces before the next byte.
    private struct Scan {
        var offset = 0
        var row = 0
        var spaces = 0
    }

    /// A match held back.
    private struct Match {
        var phrase: Int
        var start: Int
        var end: Int
        var firstToken: Int
        var lastToken: Int

        init(_ phrase: Int, _ start: Int, _ end: Int, _ firstToken: Int, _ lastToken: Int) {
            self.phrase = phrase
            self.start = start
            self.end = end
            self.firstToken = firstToken
            self.lastToken = lastToken
        }
    }

    /// Reports the phrases ending at the byte `scan` has just taken, whose state has outputs.
    private func report(
        _ scan: Scan,
        in bytes: UnsafeBufferPointer<UInt8>,
        classCount: Int,
        to body: (_ phrase: Int, _ start: Int, _ end: Int, _ firstToken: Int, _ lastToken: Int) -> Void
    ) {
        let offset = scan.offset - 1
        let spaces = scan.spaces
        let state = scan.row / classCount
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
