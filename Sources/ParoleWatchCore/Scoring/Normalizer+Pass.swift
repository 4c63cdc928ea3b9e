extension Normalizer {
    /// A word or symbol token: a range of units, and what separated it from the token before.
    struct Token {
        var unitStart: Int32
        var unitEnd: Int32
        /// The separator run before the token: `byte << 16 | count` when it is one joinable byte repeated,
        /// ``Normalizer/Token/mixedGap`` otherwise, 0 at the start of the text.
        var gapKey: UInt32
        var isSymbol: Bool
        /// The word needed de-obfuscation before its letters were read: a zero-width character or pictograph removed
        /// inside it, or syllables joined.
        var isObfuscated: Bool
        /// Unit index of the sentence stop (`.`, `;`, a spaced dash) in the gap before the token, -1 when none.
        var stopUnit: Int32 = -1

        static let mixedGap: UInt32 = 0xFFFF_FFFF
    }

    /// The working state of one `normalize` call: units, tokens, output, and the leetspeak
    /// buffers reused for every word.
    struct Pass {
        var units: [Unit] = []
        var tokens: [Token] = []

        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var spans: [Range<Int>] = []
        var tokenStarts: [Int32] = []
        /// Original offset just past the last emitted token.
        var lastEnd: Int32 = 0
        /// Unit index of a sentence stop after the last token, -1 when none.
        var trailingStop: Int32 = -1

        var significant: [Int32] = []
        var leetBytes: [UInt8] = []

        init(capacity: Int, scratch: inout Normalizer.Scratch) {
            swap(&units, &scratch.units)
            swap(&tokens, &scratch.tokens)
            swap(&bytes, &scratch.bytes)
            swap(&starts, &scratch.starts)
            swap(&ends, &scratch.ends)
            swap(&spans, &scratch.spans)
            swap(&tokenStarts, &scratch.tokenStarts)
            swap(&significant, &scratch.significant)
            swap(&leetBytes, &scratch.leetBytes)
            // `bytes`, `starts`, `ends` and `tokenStarts` keep what the last text left in them: the one-pass path
            // sizes them, and the general steps empty them first (``clearOutput()``).
            units.removeAll(keepingCapacity: true)
            tokens.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            units.reserveCapacity(capacity)
            tokens.reserveCapacity(capacity / 4 + 1)
            // Room for the one-pass path's bound (``Normalizer/Pass/normalizePlain(_:table:)``).
            bytes.reserveCapacity(2 * capacity + 16)
            starts.reserveCapacity(2 * capacity + 16)
            ends.reserveCapacity(2 * capacity + 16)
            tokenStarts.reserveCapacity(capacity + 8)
        }

        @inline(__always)
        mutating func append(_ unit: Unit) {
            units.append(unit)
        }

        /// The normalized text; hands the working buffers back to `scratch`.
        consuming func result(originalLength: Int, scratch: inout Normalizer.Scratch) -> NormalizedText {
            bytes.append(0x20)
            starts.append(min(lastEnd, Int32(truncatingIfNeeded: originalLength)))
            ends.append(Int32(truncatingIfNeeded: originalLength))
            swap(&units, &scratch.units)
            swap(&tokens, &scratch.tokens)
            swap(&significant, &scratch.significant)
            swap(&leetBytes, &scratch.leetBytes)
            return NormalizedText(
                bytes: bytes,
                originalStart: starts,
                originalEnd: ends,
                obfuscatedSpans: spans,
                tokenStarts: tokenStarts,
                originalLength: originalLength
            )
        }
    }

    /// Buffers for normalizing many texts one after another (``Normalizer/normalize(_:scratch:)``), so that a
    /// stream of posts does not allocate and free them for every post. Not shared: one per task or thread.
    struct Scratch {
        var units: [Unit] = []
        var tokens: [Token] = []
        var significant: [Int32] = []
        var leetBytes: [UInt8] = []
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var spans: [Range<Int>] = []
        var tokenStarts: [Int32] = []

        /// Takes back the arrays of a result no longer needed; they are reused once every other copy of `text` is
        /// gone (until then the next call copies nothing, it just allocates as usual).
        mutating func recycle(_ text: consuming NormalizedText) {
            bytes = text.bytes
            starts = text.originalStart
            ends = text.originalEnd
            spans = text.obfuscatedSpans
            tokenStarts = text.tokenStarts
        }
    }
}

extension Normalizer.Pass {
    /// Step 2: splits units into word and symbol tokens, deciding `@`/`$` leetspeak and apostrophes.
    mutating func tokenize(joinableWords: Set<[UInt8]>) {
        let count = units.count
        var wordStart = -1
        var lastWordUnit = -1
        var wordGap: UInt32 = 0
        var wordStop: Int32 = -1
        var wordHasLetter = false
        var pendingStop: Int32 = -1
        var zeroWidthPending = false
        var zeroWidthInside = false
        var gap = Normalizer.SeparatorGap()
        var singleQuoteIsOpen = false
        var index = 0

        func takeGap() -> UInt32 { gap.take() }
        func takeStop() -> Int32 {
            defer { pendingStop = -1 }
            return pendingStop
        }
        func closeWord() {
            guard wordStart >= 0 else { return }
            tokens.append(
                Normalizer.Token(
                    unitStart: Int32(wordStart),
                    unitEnd: Int32(lastWordUnit + 1),
                    gapKey: wordGap,
                    isSymbol: false,
                    isObfuscated: zeroWidthInside,
                    stopUnit: wordStop
                )
            )
            wordStart = -1
        }
        func addSymbol(_ unit: Int) {
            closeWord()
            tokens.append(
                Normalizer.Token(
                    unitStart: Int32(unit),
                    unitEnd: Int32(unit + 1),
                    gapKey: takeGap(),
                    isSymbol: true,
                    isObfuscated: false,
                    stopUnit: takeStop()
                )
            )
        }
        func addSeparator(_ byte: UInt32) {
            closeWord()
            gap.add(byte)
        }

        while index < count {
            switch units[index].kind {
            case .letter, .digit:
                if wordStart < 0 {
                    wordStart = index
                    wordGap = takeGap()
                    wordStop = takeStop()
                    wordHasLetter = false
                    zeroWidthInside = false
                    zeroWidthPending = false
                } else if zeroWidthPending {
                    zeroWidthInside = true
                    zeroWidthPending = false
                }
                if units[index].kind == .letter { wordHasLetter = true }
                lastWordUnit = index
            case .ignorable:
                break
            case .zeroWidth:
                if wordStart >= 0 { zeroWidthPending = true }
            case .at, .dollar:
                if wordStart >= 0 && units[lastWordUnit].kind == .letter && mapLeetSymbols(from: index) {
                    continue  // now a letter: take it again
                }
                if units[index].kind == .at {
                    addSeparator(UInt32(UInt8(ascii: "@")))
                } else {
                    addSymbol(index)
                }
            case .symbol:
                addSymbol(index)
            case .apostrophe:
                let next = nextSignificantUnit(after: index)
                let opensWord = next < count && (units[next].kind == .letter || units[next].kind == .digit)
                if wordStart >= 0 {
                    if opensWord {
                        break  // inside a word (`don't`): dropped
                    }
                    if singleQuoteIsOpen {
                        addSymbol(index)  // closes `'parole'`
                        singleQuoteIsOpen = false
                    } else {
                        addSeparator(UInt32(UInt8(ascii: "'")))  // ends a word (Creole `na'`): dropped
                    }
                } else {
                    addSymbol(index)  // opens a quotation or stands alone
                    if opensWord { singleQuoteIsOpen = true }
                }
            case .pictograph:
                if units[index].flags & Normalizer.Unit.readsAsR != 0, wordStart >= 0, units[lastWordUnit].kind == .letter {
                    let next = nextSignificantUnit(after: index)
                    if next < count && units[next].kind == .letter {
                        units[index].bytes = UInt32(UInt8(ascii: "r"))  // `ap®obando`
                        units[index].kind = .letter
                        units[index].flags = Normalizer.Unit.leet
                        continue  // now a letter: take it again
                    }
                }
                if wordStart >= 0 && wordHasLetter, let resume = pictographRunEndInsideWord(from: index) {
                    zeroWidthPending = true  // `pa🇺🇸rol`: the run vanishes like a zero-width character
                    index = resume
                    continue
                }
                addSeparator(units[index].bytes)
            case .separator:
                let byte = units[index].bytes
                guard Self.isStopCandidate(byte) else {
                    addSeparator(byte)
                    break
                }
                let runEnd = sameSeparatorRunEnd(from: index)
                for _ in index..<runEnd { addSeparator(byte) }
                if pendingStop < 0 && isSentenceStop(from: index, to: runEnd) { pendingStop = Int32(index) }
                index = runEnd
                continue
            }
            index += 1
        }
        closeWord()
        trailingStop = takeStop()
        joinSyllableChains(joinableWords: joinableWords)
    }

    func nextSignificantUnit(after index: Int) -> Int {
        var next = index + 1
        while next < units.count && (units[next].kind == .ignorable || units[next].kind == .zeroWidth) { next += 1 }
        return next
    }

    /// Maps the run of `@`/`$` starting at `index` to letters when a letter follows it (a letter precedes it) and
    /// it does not start an e-mail domain.
    private mutating func mapLeetSymbols(from index: Int) -> Bool {
        var next = index
        var hasAt = false
        while next < units.count {
            let kind = units[next].kind
            if kind == .at {
                hasAt = true
            } else if kind != .dollar && kind != .ignorable && kind != .zeroWidth {
                break
            }
            next += 1
        }
        guard next < units.count, units[next].kind == .letter else { return false }
        if hasAt && startsEmailDomain(at: next) { return false }
        for unit in index..<next where units[unit].kind == .at || units[unit].kind == .dollar {
            units[unit].bytes = UInt32(units[unit].kind == .at ? UInt8(ascii: "a") : UInt8(ascii: "s"))
            units[unit].kind = .letter
            units[unit].flags = Normalizer.Unit.leet
        }
        return true
    }

    /// Whether a domain (`uscis.gov`) starts at unit `index`: letters or digits, then `.`, then a letter.
    private func startsEmailDomain(at index: Int) -> Bool {
        var next = index
        while next < units.count {
            let kind = units[next].kind
            guard kind == .letter || kind == .digit || kind == .ignorable || kind == .zeroWidth else { break }
            next += 1
        }
        return next + 1 < units.count && units[next].kind == .separator
            && units[next].bytes == UInt32(UInt8(ascii: ".")) && units[next + 1].kind == .letter
    }
}
