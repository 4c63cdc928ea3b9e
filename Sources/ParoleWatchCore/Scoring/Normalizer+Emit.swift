extension Normalizer.Pass {
    /// Output sizes to rewind to when a run of spaced letters turns out to need joining.
    struct Mark {
        var byteCount: Int
        var tokenCount: Int
        var spanCount: Int
        var lastEnd: Int32
    }

    /// A one-character word token in a run of them.
    private struct Single {
        var token: Int
        var byte: UInt8
    }

    /// Steps 3–6: finalizes every token (leetspeak digits, squeezing), joins runs of spaced letters, and writes the
    /// output with its offset map and sentence stops. A stop does not interrupt a run of spaced letters
    /// (`p . a . r . o . l . e`): stops inside a joined word vanish with the separators. A one-letter word spaced like
    /// the letters after it stays a word when the rest joins into one of `joinableWords` and the whole does not
    /// (`a r e l o u v r i` is `a relouvri`).
    mutating func emitTokens(joinableWords: Set<[UInt8]>) {
        var run: [Single] = []
        var runMark = mark()
        for token in tokens.indices {
            let tokenMark = mark()
            emitStop(tokens[token].stopUnit)
            let bodyMark = mark()
            emitToken(token)
            if !tokens[token].isSymbol, let byte = singleByte(since: bodyMark) {
                if run.isEmpty { runMark = tokenMark }
                run.append(Single(token: token, byte: byte))
                continue
            }
            if run.count >= 4 {
                rewind(to: tokenMark)
                joinRun(run, from: runMark, joinableWords: joinableWords)
                emitStop(tokens[token].stopUnit)
                emitToken(token)
            }
            run.removeAll(keepingCapacity: true)
        }
        if run.count >= 4 { joinRun(run, from: runMark, joinableWords: joinableWords) }
        emitStop(trailingStop)
    }

    func mark() -> Mark {
        Mark(byteCount: bytes.count, tokenCount: tokenStarts.count, spanCount: spans.count, lastEnd: lastEnd)
    }

    private mutating func rewind(to mark: Mark) {
        bytes.removeLast(bytes.count - mark.byteCount)
        starts.removeLast(starts.count - mark.byteCount)
        ends.removeLast(ends.count - mark.byteCount)
        tokenStarts.removeLast(tokenStarts.count - mark.tokenCount)
        spans.removeLast(spans.count - mark.spanCount)
        lastEnd = mark.lastEnd
    }

    /// The token emitted since `mark` when it is one ASCII letter or digit.
    private func singleByte(since mark: Mark) -> UInt8? {
        guard bytes.count - mark.byteCount == 2, let byte = bytes.last else { return nil }
        return Self.isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) ? byte : nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }

    /// Joins the parts of `run` that read as spaced letters, rewriting the output from `runMark`; leaves the output
    /// alone when none do.
    private mutating func joinRun(_ run: [Single], from runMark: Mark, joinableWords: Set<[UInt8]>) {
        // Same-separator segments of at least four, at least three of them letters (`p a r o l e  c h n v` is two).
        var groups: [[Int]] = []
        var singles: [UInt8?] = []
        var index = 0
        while index < run.count {
            var end = index + 1
            if end < run.count {
                let key = tokens[run[end].token].gapKey
                if key != Normalizer.Token.mixedGap {
                    while end < run.count && tokens[run[end].token].gapKey == key { end += 1 }
                }
            }
            let letters = run[index..<end].count { Self.isLetter($0.byte) }
            if end - index >= 4 && letters >= 3 {
                groups.append(run[index..<end].map(\.token))
                singles.append(probeSingleByte(groups[groups.count - 1]))
                index = end
            } else {
                // The last token of a failed segment may start the next one (`a b c.d.e.f`): linear overall.
                let next = max(end - 1, index + 1)
                for single in run[index..<next] {
                    groups.append([single.token])
                    singles.append(single.byte)
                }
                index = next
            }
        }
        // Shorter words spaced out the same way as a joined one join too (`R E A B R E N  E L  P A R O L E`).
        var letterGaps: [UInt32] = []
        for group in groups where group.count > 1 {
            let key = tokens[group[1]].gapKey
            if !letterGaps.contains(key) { letterGaps.append(key) }
        }
        if !letterGaps.isEmpty {
            var merged: [[Int]] = []
            var mergedSingles: [UInt8?] = []
            var group = 0
            while group < groups.count {
                var end = group + 1
                if groups[group].count == 1 && end < groups.count && groups[end].count == 1 {
                    let key = tokens[groups[end][0]].gapKey
                    if letterGaps.contains(key) {
                        while end < groups.count && groups[end].count == 1 && tokens[groups[end][0]].gapKey == key {
                            end += 1
                        }
                    }
                }
                if end - group >= 2 {
                    merged.append(groups[group..<end].flatMap { $0 })
                    mergedSingles.append(probeSingleByte(merged[merged.count - 1]))
                } else {
                    merged.append(groups[group])
                    mergedSingles.append(singles[group])
                }
                group = end
            }
            groups = merged
            singles = mergedSingles
        }
        // Whatever run of four or more one-character tokens is left joins as a whole, so the output has none.
        var changed = true
        while changed {
            changed = false
            var merged: [[Int]] = []
            var mergedSingles: [UInt8?] = []
            var group = 0
            while group < groups.count {
                var end = group
                while end < groups.count && singles[end] != nil { end += 1 }
                let letters = singles[group..<end].count { $0.map(Self.isLetter) ?? false }
                if end - group >= 4 && letters >= 3 {
                    merged.append(groups[group..<end].flatMap { $0 })
                    mergedSingles.append(probeSingleByte(merged[merged.count - 1]))
                    changed = true
                    group = end
                } else {
                    let next = max(end, group + 1)
                    merged.append(contentsOf: groups[group..<next])
                    mergedSingles.append(contentsOf: singles[group..<next])
                    group = next
                }
            }
            groups = merged
            singles = mergedSingles
        }
        groups = groups.flatMap { splitOffWord($0, joinableWords: joinableWords) }
        guard groups.count < run.count else { return }
        rewind(to: runMark)
        for group in groups {
            emitStop(tokens[group[0]].stopUnit)
            emitGroup(group)
        }
    }

    /// `group` as it is, or split when it does not join into one of `joinableWords` but its parts do: its first or
    /// last letter is a word of its own and the rest is known (`a r e l o u v r i`, `p a r o l e y`), or it is known
    /// words of four letters or more spaced out with no wider gap between them (`P A R O L E R E A C T I V A D O`).
    private mutating func splitOffWord(_ group: [Int], joinableWords: Set<[UInt8]>) -> [[Int]] {
        guard group.count >= 5, !joinableWords.isEmpty, !joinableWords.contains(probeWord(group)) else { return [group] }
        if joinableWords.contains(probeWord(Array(group.dropFirst()))) { return [[group[0]], Array(group.dropFirst())] }
        if joinableWords.contains(probeWord(Array(group.dropLast()))) {
            return [Array(group.dropLast()), [group[group.count - 1]]]
        }
        var unsplittable: Set<Int> = []
        return knownWords(group[...], joinableWords: joinableWords, unsplittable: &unsplittable) ?? [group]
    }

    /// Longest groups a spaced-out run is split into known words: longer ones join whole.
    static let longestSegmentedRun = 40

    /// `group` as two or more of `joinableWords`, each at least four letters, longest first word first; nil when it
    /// is not. `unsplittable` remembers the starts of tails already found not to split, so each tail is tried once:
    /// cubic at worst in the group's length, which ``longestSegmentedRun`` bounds.
    private mutating func knownWords(
        _ group: ArraySlice<Int>,
        joinableWords: Set<[UInt8]>,
        unsplittable: inout Set<Int>
    ) -> [[Int]]? {
        guard group.count >= 8, group.count <= Self.longestSegmentedRun, !unsplittable.contains(group.startIndex) else {
            return nil
        }
        for split in stride(from: group.endIndex - 4, through: group.startIndex + 4, by: -1) {
            let first = Array(group[..<split])
            guard joinableWords.contains(probeWord(first)) else { continue }
            let rest = group[split...]
            if joinableWords.contains(probeWord(Array(rest))) { return [first, Array(rest)] }
            if let words = knownWords(rest, joinableWords: joinableWords, unsplittable: &unsplittable) {
                return [first] + words
            }
        }
        unsplittable.insert(group.startIndex)
        return nil
    }

    /// The bytes `group` would be written as, without the space before them.
    private mutating func probeWord(_ group: [Int]) -> [UInt8] {
        let probe = mark()
        emitGroup(group)
        defer { rewind(to: probe) }
        return Array(bytes[(probe.byteCount + 1)...])
    }

    private mutating func probeSingleByte(_ group: [Int]) -> UInt8? {
        let probe = mark()
        emitGroup(group)
        defer { rewind(to: probe) }
        return singleByte(since: probe)
    }

    private mutating func emitGroup(_ group: [Int]) {
        if group.count == 1 {
            emitToken(group[0])
        } else {
            let tokens = tokens
            emitWord(group.flatMap { Int(tokens[$0].unitStart)..<Int(tokens[$0].unitEnd) }, isObfuscated: true)
        }
    }

    private mutating func emitToken(_ index: Int) {
        let token = tokens[index]
        if token.isSymbol {
            emitSymbol(units[Int(token.unitStart)])
        } else {
            emitWord(Int(token.unitStart)..<Int(token.unitEnd), isObfuscated: token.isObfuscated)
        }
    }

    @inline(__always)
    private mutating func appendSpace(before start: Int32) {
        bytes.append(0x20)
        starts.append(min(lastEnd, start))
        ends.append(start)
        tokenStarts.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Writes the sentence stop token `.` for the stop character at unit `index` (nothing for -1).
    private mutating func emitStop(_ index: Int32) {
        guard index >= 0 else { return }
        let unit = units[Int(index)]
        appendSpace(before: unit.start)
        bytes.append(UInt8(ascii: "."))
        starts.append(unit.start)
        ends.append(unit.end)
        lastEnd = max(lastEnd, unit.end)
    }

    private mutating func emitSymbol(_ unit: Normalizer.Unit) {
        appendSpace(before: unit.start)
        var packed = unit.kind == .apostrophe ? UInt32(UInt8(ascii: "\"")) : unit.bytes
        for _ in 0..<unit.count {
            bytes.append(UInt8(truncatingIfNeeded: packed))
            starts.append(unit.start)
            ends.append(unit.end)
            packed >>= 8
        }
        lastEnd = max(lastEnd, unit.end)
    }

    /// `o i e a s t` for the leetspeak digits `0 1 3 4 5 7`, 0 for other bytes.
    private static let leetLetters: [UInt8] = (0..<128).map { (byte: Int) -> UInt8 in
        switch UInt8(byte) {
        case UInt8(ascii: "0"): UInt8(ascii: "o")
        case UInt8(ascii: "1"): UInt8(ascii: "i")
        case UInt8(ascii: "3"): UInt8(ascii: "e")
        case UInt8(ascii: "4"): UInt8(ascii: "a")
        case UInt8(ascii: "5"): UInt8(ascii: "s")
        case UInt8(ascii: "7"): UInt8(ascii: "t")
        default: 0
        }
    }

    /// Writes one word made of `unitIndices` (one token's units, or the units of a spaced-out word): leetspeak digits
    /// mapped, repeated letters squeezed.
    private mutating func emitWord(_ unitIndices: some Sequence<Int>, isObfuscated: Bool) {
        var letterCount = 0
        var significantCount = 0
        var hasDigit = false
        var flags: UInt8 = 0
        var firstStart: Int32 = -1
        for index in unitIndices {
            let unit = units[index]
            switch unit.kind {
            case .letter: letterCount += 1
            case .digit: hasDigit = true
            default: continue
            }
            if firstStart < 0 { firstStart = unit.start }
            significantCount += 1
            flags |= unit.flags
        }
        guard firstStart >= 0 else { return }
        var isObfuscated = isObfuscated || flags & Normalizer.Unit.leet != 0
        if flags & Normalizer.Unit.confusable != 0 && flags & Normalizer.Unit.nativeLatin != 0 { isObfuscated = true }
        let checksLeet = hasDigit && letterCount >= 2 && significantCount >= 4
        if checksLeet && markLeetDigits(unitIndices) { isObfuscated = true }

        appendSpace(before: firstStart)
        let tokenStart = bytes.count
        var previousLetter: UInt32 = 0
        var previousCount = 0
        var position = 0
        for index in unitIndices {
            let unit = units[index]
            guard unit.kind == .letter || unit.kind == .digit else { continue }
            let leet = checksLeet ? leetBytes[position] : 0
            position += 1
            let isLetter = unit.kind == .letter || leet != 0
            var packed = leet != 0 ? UInt32(leet) : unit.bytes
            let count = leet != 0 ? 1 : Int(unit.count)
            if isLetter && previousCount > 0 && packed == previousLetter {
                let last = ends.count - 1
                for offset in 0..<previousCount { ends[last - offset] = unit.end }
                continue
            }
            previousLetter = isLetter ? packed : 0
            previousCount = isLetter ? count : 0
            for _ in 0..<count {
                bytes.append(UInt8(truncatingIfNeeded: packed))
                starts.append(unit.start)
                ends.append(unit.end)
                packed >>= 8
            }
        }
        if isObfuscated { spans.append(tokenStart..<bytes.count) }
        if let end = ends.last { lastEnd = max(lastEnd, end) }
    }

    /// Fills `leetBytes` (one entry per letter or digit unit) with the letters that leetspeak digit runs stand for:
    /// runs of only `0 1 3 4 5 7`, either between letters or a single digit at the start or end of the word next to a
    /// letter. Returns whether any run was mapped.
    private mutating func markLeetDigits(_ unitIndices: some Sequence<Int>) -> Bool {
        significant.removeAll(keepingCapacity: true)
        for index in unitIndices where units[index].kind == .letter || units[index].kind == .digit {
            significant.append(Int32(truncatingIfNeeded: index))
        }
        leetBytes.removeAll(keepingCapacity: true)
        leetBytes.append(contentsOf: repeatElement(0, count: significant.count))
        var marked = false
        var start = 0
        let count = significant.count
        while start < count {
            guard units[Int(significant[start])].kind == .digit else {
                start += 1
                continue
            }
            var end = start
            var allLeet = true
            while end < count && units[Int(significant[end])].kind == .digit {
                if Self.leetLetters[Int(units[Int(significant[end])].bytes & 0x7F)] == 0 { allLeet = false }
                end += 1
            }
            let letterBefore = start > 0
            let letterAfter = end < count
            if allLeet && ((letterBefore && letterAfter) || (end - start == 1 && (letterBefore || letterAfter))) {
                for position in start..<end {
                    leetBytes[position] = Self.leetLetters[Int(units[Int(significant[position])].bytes & 0x7F)]
                }
                marked = true
            }
            start = end
        }
        return marked
    }
}
