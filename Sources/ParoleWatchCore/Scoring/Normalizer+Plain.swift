extension Normalizer {
    /// The one-pass path for plain text: the same output as the general steps (``Normalizer``, steps 1–5), written
    /// straight into the output while reading the UTF-8 once, for text in which none of the de-obfuscation steps
    /// would change anything.
    ///
    /// It gives up (``run(_:table:asciiKinds:)`` returns false, and the caller runs the general steps) at the first
    /// sign that one might: a look-alike letter; a zero-width character inside a word, or a pictograph between a
    /// letter and a letter or digit; `@` after a letter, or `$` between letters; a word of letters and digits that
    /// step 3 would examine for leetspeak; two possible syllables (one to four letters) joined by one `.` `-` `_` `*`;
    /// a fourth one-character word in a row (possible spaced letters); an invisible character next to punctuation;
    /// output longer than its buffer. Everything else (case, accents, width, quotation marks, apostrophes, sentence
    /// stops, repeated letters, emoji around words, links, prices) it handles itself. Decisions that depend on the
    /// next character (an apostrophe, a run of dots, `$` or emoji after a letter) wait in ``Pending`` until it comes.
    /// `NormalizerPlainPathTests` checks on random and real texts that both paths agree byte for byte.
    struct PlainPass {
        private let bytes: UnsafeMutablePointer<UInt8>
        private let starts: UnsafeMutablePointer<Int32>
        private let ends: UnsafeMutablePointer<Int32>
        private let tokenStarts: UnsafeMutablePointer<Int32>
        private let capacity: Int
        private let tokenCapacity: Int
        /// Bytes and tokens written so far.
        private(set) var count = 0
        private(set) var tokenCount = 0
        /// Original offset just past the last emitted token.
        private(set) var lastEnd: Int32 = 0

        // The open word.
        private var isWordOpen = false
        private var wordLetters = 0
        private var wordDigits = 0
        private var wordBodyStart = 0
        private var isLastWordUnitLetter = false
        private var isZeroWidthPending = false
        /// The last letter written in the open word (packed UTF-8) and its byte count, for squeezing; 0 after a digit.
        private var previousLetter: UInt32 = 0
        private var previousLetterCount = 0

        // Between tokens.
        private var wordAndSymbolTokens = 0
        private var gap = SeparatorGap()
        private var pendingStop: (start: Int32, end: Int32)?
        private var singleLetterRun = 0
        private var isSingleQuoteOpen = false
        /// The last token closed was a possible syllable (a word of one to four letters, no digit).
        private var isPreviousTokenSyllable = false
        /// The open token came after exactly one `.` `-` `_` `*`: if it and the token before are both possible
        /// syllables, they may be a syllable chain.
        private var isSyllableLinked = false

        /// A decision that waits for the next visible unit.
        private var pending = Pending.none
        /// Set when the text turns out to need the general steps.
        private var needsGeneralSteps = false
        /// Set when the output did not fit in the buffers: a pass with larger ones may succeed.
        private(set) var isOutOfRoom = false

        // The unit before the current one.
        private var previousKind: UnitKind?
        private var isPreviousWhiteSpace = false
        private var isAtLineStart = true
        /// Kind of the last unit fed, invisible ones included.
        private var lastFedKind: UnitKind?

        private enum Pending {
            case none
            /// An apostrophe: inside a word, closing a quotation, ending a word, or opening a quotation?
            case apostrophe(start: Int32, end: Int32)
            /// A run of one stop-candidate separator (`...`, `;`, `——`): a sentence stop?
            case stopRun(StopRun)
            /// `$` right after a letter: leetspeak (`pa$$port`) if a letter follows.
            case dollarAfterLetter(packed: UInt32, count: Int, start: Int32, end: Int32)
            /// Pictographs (and invisible characters) right after a letter: inside the word if a letter follows.
            case pictographsAfterLetter(count: Int)
        }

        private struct StopRun {
            var byte: UInt8
            var length: Int
            var start: Int32
            var end: Int32
            var isMultibyte: Bool
            var isAfterWordUnit: Bool
            var isAfterWhiteSpace: Bool
            var startsLine: Bool
        }

        /// A pass writing into buffers of `capacity` bytes and `tokenCapacity` tokens.
        init(
            bytes: UnsafeMutablePointer<UInt8>,
            starts: UnsafeMutablePointer<Int32>,
            ends: UnsafeMutablePointer<Int32>,
            tokenStarts: UnsafeMutablePointer<Int32>,
            capacity: Int,
            tokenCapacity: Int
        ) {
            self.bytes = bytes
            self.starts = starts
            self.ends = ends
            self.tokenStarts = tokenStarts
            self.capacity = capacity
            self.tokenCapacity = tokenCapacity
        }

        /// Normalizes `utf8`, without the final space. Returns false when the text needs the general steps.
        mutating func run(
            _ utf8: UnsafeBufferPointer<UInt8>,
            table: ScalarFoldTable,
            asciiKinds: UnsafeBufferPointer<UnitKind>,
            latin1Letters: UnsafeBufferPointer<UInt8>
        ) -> Bool {
            let length = utf8.count
            var index = 0
            while index < length {
                let lead = utf8[index]
                if isWordOpen && isDecided
                    && (Self.isASCIILetter(lead) || Self.latin1Letter(utf8, at: index, latin1Letters) != 0)
                {
                    index = continueWord(utf8, from: index, latin1Letters: latin1Letters)
                    continue
                }
                if lead < 0x80 {
                    if lead == 0x20 && isDecided {
                        takeSpace()
                        index += 1
                        continue
                    }
                    if !isWordOpen && isDecided && Self.isASCIILetter(lead) {
                        guard startWord(lead | 0x20, at: Int32(truncatingIfNeeded: index)) else { return false }
                        index += 1
                        continue
                    }
                    let kind = asciiKinds[Int(lead)]
                    let byte = kind == .letter ? lead | 0x20 : lead
                    guard feed(kind, UInt32(byte), count: 1, start: Int32(truncatingIfNeeded: index)) else {
                        return false
                    }
                    index += 1
                    continue
                }
                let (value, scalarLength) = Normalizer.Pass.decode(utf8, at: index, lead: lead)
                let start = Int32(truncatingIfNeeded: index)
                let end = Int32(truncatingIfNeeded: index + scalarLength)
                index += scalarLength
                let entry = table.entry(for: value)
                switch ScalarFoldTable.kind(of: entry) {
                case .ignorable, .zeroWidth:
                    guard feedInvisible(isZeroWidth: ScalarFoldTable.kind(of: entry) == .zeroWidth) else {
                        return false
                    }
                case .identity:
                    let (packed, count) = Normalizer.Pass.pack(value)
                    guard feed(value == 0x20AC ? .symbol : .letter, packed, count: count, start: start, end: end)
                    else { return false }
                case .mapped:
                    if entry & ScalarFoldTable.pictographBit != 0 {
                        guard feed(.pictograph, 0x20, count: 1, start: start, end: end) else { return false }
                        continue
                    }
                    let offset = ScalarFoldTable.poolOffset(of: entry)
                    let outputs = ScalarFoldTable.poolCount(of: entry)
                    guard entry & ScalarFoldTable.confusableBit == 0, outputs <= 4 else { return false }
                    for poolIndex in offset..<(offset + outputs) {
                        let output = table.pool[poolIndex]
                        let fed: Bool
                        if output < 0x80 {
                            let kind = asciiKinds[Int(output)]
                            fed = feed(kind, kind == .letter ? output | 0x20 : output, count: 1, start: start, end: end)
                        } else {
                            let (packed, count) = Normalizer.Pass.pack(output)
                            fed = feed(output == 0x20AC ? .symbol : .letter, packed, count: count, start: start, end: end)
                        }
                        guard fed else { return false }
                    }
                }
            }
            return !needsGeneralSteps && finish(originalLength: length)
        }

        /// Whether no decision waits for the next unit.
        private var isDecided: Bool {
            if case .none = pending { return true }
            return false
        }

        /// The common case, in a tight loop: letters continuing the open word (no decision pending), ASCII or one of
        /// the accented Latin-1 letters that fold to one ASCII letter (``ScalarFoldTable/latin1Letters``). Returns the
        /// index of the first byte that is not one.
        @inline(__always)
        private mutating func continueWord(
            _ utf8: UnsafeBufferPointer<UInt8>,
            from start: Int,
            latin1Letters: UnsafeBufferPointer<UInt8>
        ) -> Int {
            var index = start
            let length = utf8.count
            let limit = capacity - 16
            if isZeroWidthPending {
                needsGeneralSteps = true  // a zero-width character inside the word: obfuscation
                return length
            }
            var previous = previousLetterCount == 1 ? UInt8(truncatingIfNeeded: previousLetter) : 0
            var letters = 0
            while index < length && count < limit {
                let raw = utf8[index]
                let byte: UInt8
                let unitLength: Int
                if Self.isASCIILetter(raw) {
                    byte = raw | 0x20
                    unitLength = 1
                } else {
                    byte = Self.latin1Letter(utf8, at: index, latin1Letters)
                    guard byte != 0 else { break }
                    unitLength = 2
                }
                let end = Int32(truncatingIfNeeded: index + unitLength)
                if byte == previous {
                    ends[count - 1] = end
                } else {
                    bytes[count] = byte
                    starts[count] = Int32(truncatingIfNeeded: index)
                    ends[count] = end
                    count += 1
                    previous = byte
                }
                index += unitLength
                letters += 1
            }
            if index == start {  // out of room
                needsGeneralSteps = true
                isOutOfRoom = true
                return length
            }
            wordLetters += letters
            previousLetter = UInt32(previous)
            previousLetterCount = 1
            isLastWordUnitLetter = true
            noteUnit(.letter, UInt32(previous))
            lastFedKind = .letter
            return index
        }

        /// Whether `byte` is an ASCII letter, either case.
        @inline(__always)
        private static func isASCIILetter(_ byte: UInt8) -> Bool { byte | 0x20 &- UInt8(ascii: "a") < 26 }

        /// The ASCII letter an accented Latin-1 letter at `index` folds to (``ScalarFoldTable/latin1Letters``), or 0.
        @inline(__always)
        private static func latin1Letter(
            _ utf8: UnsafeBufferPointer<UInt8>,
            at index: Int,
            _ latin1Letters: UnsafeBufferPointer<UInt8>
        ) -> UInt8 {
            guard utf8[index] == 0xC3, index + 1 < utf8.count else { return 0 }
            let second = utf8[index + 1]
            guard second & 0xC0 == 0x80 else { return 0 }
            return latin1Letters[Int(second & 0x3F)]
        }

        /// An ASCII letter (folded) that starts a word, with no decision pending: what ``feed(_:_:count:start:)``
        /// does with it, without going through its cases (a word starts some sixty times in a post).
        @inline(__always)
        private mutating func startWord(_ letter: UInt8, at start: Int32) -> Bool {
            guard count + 16 <= capacity, tokenCount + 4 <= tokenCapacity else {
                isOutOfRoom = true
                return false
            }
            lastFedKind = .letter
            guard startToken(at: start) else { return false }
            isWordOpen = true
            wordLetters = 0
            wordDigits = 0
            wordBodyStart = count
            previousLetter = 0
            previousLetterCount = 0
            isZeroWidthPending = false
            writeWordUnit(isLetter: true, UInt32(letter), count: 1, start: start, end: start &+ 1)
            noteUnit(.letter, UInt32(letter))
            return !needsGeneralSteps
        }

        /// An ASCII space with no decision pending.
        @inline(__always)
        private mutating func takeSpace() {
            addSeparator(0x20)
            noteUnit(.separator, 0x20)
            lastFedKind = .separator
        }

        @inline(__always)
        private mutating func feed(_ kind: UnitKind, _ packed: UInt32, count: Int, start: Int32) -> Bool {
            feed(kind, packed, count: count, start: start, end: start &+ 1)
        }

        /// Takes one folded unit (a visible one: not ignorable, not zero-width).
        private mutating func feed(_ kind: UnitKind, _ packed: UInt32, count: Int, start: Int32, end: Int32) -> Bool {
            guard self.count + 16 <= capacity, tokenCount + 4 <= tokenCapacity else {
                isOutOfRoom = true
                return false
            }
            if !isDecided {
                if case .stopRun(var run) = pending, kind == .separator, UInt8(truncatingIfNeeded: packed) == run.byte {
                    run.length += 1
                    pending = .stopRun(run)
                    addSeparator(run.byte)
                    noteUnit(kind, packed)
                    return true
                }
                if case .pictographsAfterLetter(let pictographs) = pending, kind == .pictograph {
                    pending = .pictographsAfterLetter(count: pictographs + 1)
                    noteUnit(kind, packed)
                    return true
                }
                guard decidePending(next: kind, packed) else { return false }
            }
            lastFedKind = kind
            switch kind {
            case .letter, .digit:
                if !isWordOpen {
                    guard startToken(at: start) else { return false }
                    isWordOpen = true
                    wordLetters = 0
                    wordDigits = 0
                    wordBodyStart = self.count
                    previousLetter = 0
                    previousLetterCount = 0
                    isZeroWidthPending = false
                } else if isZeroWidthPending {
                    return false  // a zero-width character inside the word: obfuscation
                }
                writeWordUnit(isLetter: kind == .letter, packed, count: count, start: start, end: end)
            case .at:
                if isWordOpen && isLastWordUnitLetter { return false }  // leetspeak (`p@role`) or an e-mail address
                addSeparator(UInt8(ascii: "@"))
            case .dollar:
                if isWordOpen && isLastWordUnitLetter {
                    pending = .dollarAfterLetter(packed: packed, count: count, start: start, end: end)
                } else {
                    guard addSymbol(packed, count: count, start: start, end: end) else { return false }
                }
            case .symbol:
                guard addSymbol(packed, count: count, start: start, end: end) else { return false }
            case .apostrophe:
                pending = .apostrophe(start: start, end: end)
            case .pictograph:
                if isWordOpen && wordLetters > 0 {
                    pending = .pictographsAfterLetter(count: 1)
                } else {
                    addSeparator(0x20)
                }
            case .separator:
                let byte = UInt8(truncatingIfNeeded: packed)
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "-") {
                    pending = .stopRun(
                        StopRun(
                            byte: byte,
                            length: 1,
                            start: start,
                            end: end,
                            isMultibyte: end - start > 1,
                            isAfterWordUnit: previousKind == .letter || previousKind == .digit,
                            isAfterWhiteSpace: previousKind == nil || isPreviousWhiteSpace,
                            startsLine: isAtLineStart
                        )
                    )
                }
                addSeparator(byte)
            case .ignorable, .zeroWidth:
                break
            }
            noteUnit(kind, packed)
            return !needsGeneralSteps
        }

        /// Settles the pending decision now that the next visible unit (`nil` at the end of the text) is known.
        /// Returns false when the text needs the general steps.
        private mutating func decidePending(next kind: UnitKind?, _ packed: UInt32) -> Bool {
            let decision = pending
            pending = .none
            let nextIsWordUnit = kind == .letter || kind == .digit
            switch decision {
            case .none:
                return true
            case .apostrophe(let start, let end):
                return resolveApostrophe(opensWord: nextIsWordUnit, start: start, end: end)
            case .stopRun(let run):
                resolve(run, nextIsWordUnit: nextIsWordUnit, nextIsWhiteSpace: kind.map { Self.isWhiteSpace($0, packed) } ?? true)
                return true
            case .dollarAfterLetter(let dollar, let count, let start, let end):
                guard kind != .letter, kind != .dollar, kind != .at else { return false }
                return addSymbol(dollar, count: count, start: start, end: end)
            case .pictographsAfterLetter(let count):
                guard !nextIsWordUnit else { return false }  // `pa🇺🇸rol`, or a word of digits after it
                for _ in 0..<count { addSeparator(0x20) }
                return true
            }
        }

        /// Records the unit just taken as the one before the next.
        @inline(__always)
        private mutating func noteUnit(_ kind: UnitKind, _ packed: UInt32) {
            previousKind = kind
            isPreviousWhiteSpace = Self.isWhiteSpace(kind, packed)
            if kind == .separator && (packed == 0x0A || packed == 0x0D) {
                isAtLineStart = true
            } else if !(kind == .separator && (packed == 0x20 || packed == 0x09)) {
                isAtLineStart = false
            }
        }

        /// A space, tab or line break (or what the table folds to a space), not a pictograph.
        @inline(__always)
        private static func isWhiteSpace(_ kind: UnitKind, _ packed: UInt32) -> Bool {
            kind == .separator && (packed == 0x20 || (packed >= 0x09 && packed <= 0x0D))
        }

        /// An ignorable or zero-width scalar: transparent, as in the general steps, where it cannot change a decision
        /// (after a letter, a digit, a pictograph or another invisible one, or at the start).
        private mutating func feedInvisible(isZeroWidth: Bool) -> Bool {
            switch lastFedKind {
            case nil, .letter, .digit, .pictograph, .ignorable, .zeroWidth: break
            default: return false
            }
            switch pending {
            case .none, .pictographsAfterLetter: break
            default: return false
            }
            if isZeroWidth && isWordOpen { isZeroWidthPending = true }
            lastFedKind = isZeroWidth ? .zeroWidth : .ignorable
            return true
        }

        /// An apostrophe, once the unit after it is known: dropped inside a word (`don't`), a closing quotation mark,
        /// the end of a word (`na'`), or an opening quotation mark.
        private mutating func resolveApostrophe(opensWord: Bool, start: Int32, end: Int32) -> Bool {
            if isWordOpen {
                if opensWord { return true }
                if isSingleQuoteOpen {
                    isSingleQuoteOpen = false
                    return addSymbol(UInt32(UInt8(ascii: "\"")), count: 1, start: start, end: end)
                }
                addSeparator(UInt8(ascii: "'"))
                return true
            }
            guard addSymbol(UInt32(UInt8(ascii: "\"")), count: 1, start: start, end: end) else {
                return false
            }
            if opensWord { isSingleQuoteOpen = true }
            return true
        }

        /// Decides whether a run of stop-candidate separators ends a sentence (``Normalizer/Pass/isSentenceStop``).
        private mutating func resolve(_ run: StopRun, nextIsWordUnit: Bool, nextIsWhiteSpace: Bool) {
            let isStop: Bool
            switch run.byte {
            case UInt8(ascii: ";"):
                isStop = true
            case UInt8(ascii: "."):
                isStop = run.length > 1 || !(run.isAfterWordUnit && nextIsWordUnit)
            default:
                isStop = run.isMultibyte && ((run.isAfterWhiteSpace && nextIsWhiteSpace) || run.startsLine)
            }
            if isStop && pendingStop == nil { pendingStop = (run.start, run.end) }
        }

        @inline(__always)
        private mutating func addSeparator(_ byte: UInt8) {
            closeWordIfOpen()
            gap.add(UInt32(byte))
        }

        private mutating func addSymbol(_ packed: UInt32, count: Int, start: Int32, end: Int32) -> Bool {
            closeWordIfOpen()
            guard startToken(at: start) else { return false }
            var packed = packed
            for _ in 0..<count {
                write(UInt8(truncatingIfNeeded: packed), start: start, end: end)
                packed >>= 8
            }
            lastEnd = max(lastEnd, end)
            singleLetterRun = 0
            return true
        }

        /// Starts a word or symbol token: its pending sentence stop, then the space before it. Returns false when the
        /// gap before it is one syllable separator (a possible syllable chain).
        @inline(__always)
        private mutating func startToken(at start: Int32) -> Bool {
            isSyllableLinked = wordAndSymbolTokens > 0 && gap.isSyllableLink && isPreviousTokenSyllable
            wordAndSymbolTokens += 1
            isPreviousTokenSyllable = false
            gap = SeparatorGap()
            emitPendingStop()
            writeSpace(before: start)
            return true
        }

        private mutating func emitPendingStop() {
            guard let stop = pendingStop else { return }
            pendingStop = nil
            writeSpace(before: stop.start)
            write(UInt8(ascii: "."), start: stop.start, end: stop.end)
            lastEnd = max(lastEnd, stop.end)
        }

        @inline(__always)
        private mutating func writeSpace(before start: Int32) {
            write(0x20, start: min(lastEnd, start), end: start)
            tokenStarts[tokenCount] = Int32(truncatingIfNeeded: count)
            tokenCount += 1
        }

        @inline(__always)
        private mutating func write(_ byte: UInt8, start: Int32, end: Int32) {
            bytes[count] = byte
            starts[count] = start
            ends[count] = end
            count += 1
        }

        /// A letter or digit of the open word; a letter equal to the one before it squeezes into it.
        @inline(__always)
        private mutating func writeWordUnit(isLetter: Bool, _ packed: UInt32, count unitCount: Int, start: Int32, end: Int32) {
            isLastWordUnitLetter = isLetter
            if isLetter {
                wordLetters += 1
                if previousLetterCount > 0 && packed == previousLetter {
                    for offset in 1...previousLetterCount { ends[count - offset] = end }
                    return
                }
                previousLetter = packed
                previousLetterCount = unitCount
            } else {
                wordDigits += 1
                previousLetter = 0
                previousLetterCount = 0
            }
            var packed = packed
            for _ in 0..<unitCount {
                write(UInt8(truncatingIfNeeded: packed), start: start, end: end)
                packed >>= 8
            }
        }

        @inline(__always)
        private mutating func closeWordIfOpen() {
            guard isWordOpen else { return }
            isWordOpen = false
            let body = count - wordBodyStart
            lastEnd = max(lastEnd, ends[count - 1])
            if body == 1 && (bytes[count - 1] &- UInt8(ascii: "a") < 26 || bytes[count - 1] &- UInt8(ascii: "0") < 10) {
                singleLetterRun += 1
                if singleLetterRun >= 4 { needsGeneralSteps = true }  // maybe spaced letters (`p a r o l e`)
            } else {
                singleLetterRun = 0
            }
            // Step 3 would look at this word for leetspeak digits (`r3abr3n`).
            if wordDigits > 0 && wordLetters >= 2 && wordLetters + wordDigits >= 4 { needsGeneralSteps = true }
            isPreviousTokenSyllable = wordDigits == 0 && wordLetters <= 4
            // Two possible syllables joined by one separator: maybe a syllable chain (`pa.ro.le`) or a cut word.
            if isSyllableLinked && isPreviousTokenSyllable { needsGeneralSteps = true }
        }

        private mutating func finish(originalLength: Int) -> Bool {
            guard decidePending(next: nil, 0) else { return false }
            closeWordIfOpen()
            emitPendingStop()
            return !needsGeneralSteps
        }
    }
}

extension Normalizer.Pass {
    /// Runs ``Normalizer/PlainPass`` into the output buffers. On false their contents are left over from the attempt:
    /// the general steps start with ``clearOutput()``.
    ///
    /// The output is at most `2 * utf8.count + 16` bytes and `utf8.count + 8` tokens, but seldom much longer than the
    /// input or more than a token per four bytes: a first pass gets buffers of those sizes plus some room, and only a
    /// text that overflows them runs again in buffers of the bounds. The buffers are sized by appending zeros to what
    /// the last text left in them (Swift arrays have no uninitialized elements), so each text fills only what the one
    /// before did not.
    mutating func normalizePlain(_ utf8: UnsafeBufferPointer<UInt8>, table: ScalarFoldTable) -> Bool {
        let bound = (bytes: 2 * utf8.count + 16, tokens: utf8.count + 8)
        let first = (
            bytes: min(bound.bytes, utf8.count + utf8.count / 4 + 64),
            tokens: min(bound.tokens, utf8.count / 4 + 32)
        )
        for capacity in first == bound ? [bound] : [first, bound] {
            let outcome = runPlain(utf8, table: table, capacity: capacity.bytes, tokenCapacity: capacity.tokens)
            if outcome == .done { return true }
            if outcome == .needsGeneralSteps { break }
        }
        return false
    }

    /// Empties the output buffers, keeping their storage.
    mutating func clearOutput() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        tokenStarts.removeAll(keepingCapacity: true)
    }

    private enum PlainOutcome {
        case done, outOfRoom, needsGeneralSteps
    }

    /// One ``Normalizer/PlainPass`` in buffers of `capacity` bytes and `tokenCapacity` tokens.
    private mutating func runPlain(
        _ utf8: UnsafeBufferPointer<UInt8>,
        table: ScalarFoldTable,
        capacity: Int,
        tokenCapacity: Int
    ) -> PlainOutcome {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var tokenStarts: [Int32] = []
        swap(&bytes, &self.bytes)
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        swap(&tokenStarts, &self.tokenStarts)
        defer {
            swap(&bytes, &self.bytes)
            swap(&starts, &self.starts)
            swap(&ends, &self.ends)
            swap(&tokenStarts, &self.tokenStarts)
        }
        Self.resize(&bytes, to: capacity)
        Self.resize(&starts, to: capacity)
        Self.resize(&ends, to: capacity)
        Self.resize(&tokenStarts, to: tokenCapacity)
        var pass: Normalizer.PlainPass?
        let succeeded = bytes.withUnsafeMutableBufferPointer { bytes in
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    tokenStarts.withUnsafeMutableBufferPointer { tokenStarts in
                        Normalizer.asciiKinds.withUnsafeBufferPointer { asciiKinds in
                          table.latin1Letters.withUnsafeBufferPointer { latin1Letters in
                            var plain = Normalizer.PlainPass(
                                bytes: bytes.baseAddress!,
                                starts: starts.baseAddress!,
                                ends: ends.baseAddress!,
                                tokenStarts: tokenStarts.baseAddress!,
                                capacity: capacity,
                                tokenCapacity: tokenCapacity
                            )
                            defer { pass = plain }
                            return plain.run(utf8, table: table, asciiKinds: asciiKinds, latin1Letters: latin1Letters)
                          }
                        }
                    }
                }
            }
        }
        guard let pass else { return .needsGeneralSteps }
        guard succeeded else { return pass.isOutOfRoom ? .outOfRoom : .needsGeneralSteps }
        bytes.removeLast(capacity - pass.count)
        starts.removeLast(capacity - pass.count)
        ends.removeLast(capacity - pass.count)
        tokenStarts.removeLast(tokenCapacity - pass.tokenCount)
        lastEnd = pass.lastEnd
        return .done
    }

    /// Makes `array` `count` elements long, appending zeros or dropping its last elements.
    private static func resize<Element: FixedWidthInteger>(_ array: inout [Element], to count: Int) {
        if array.count < count {
            array.append(contentsOf: repeatElement(0, count: count - array.count))
        } else {
            array.removeLast(array.count - count)
        }
    }
}
