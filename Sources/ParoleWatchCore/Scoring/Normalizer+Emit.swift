extension Normalizer.Pass {
    /// Output sizes to rewind to when a run of spaced letters turns out to need joining.
    private struct Mark {
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

    /// Steps 3–5: finalizes every token (leetspeak digits, squeezing), joins runs of spaced letters, and writes the
    /// output with its offset map.
    mutating func emitTokens() {
        var run: [Single] = []
        var runMark = mark()
        for token in tokens.indices {
            finalize([token], joined: false)
            if let byte = scratchSingleByte(), !tokens[token].isSymbol {
                if run.isEmpty { runMark = mark() }
                commitScratch()
                run.append(Single(token: token, byte: byte))
                continue
            }
            if run.count >= 4 && joinRun(run, rewindingTo: runMark) {
                finalize([token], joined: false)
            }
            run.removeAll(keepingCapacity: true)
            commitScratch()
        }
        if run.count >= 4 { _ = joinRun(run, rewindingTo: runMark) }
    }

    private func mark() -> Mark {
        Mark(byteCount: bytes.count, tokenCount: tokenStarts.count, spanCount: spans.count, lastEnd: lastEnd)
    }

    private func scratchSingleByte() -> UInt8? {
        guard scratchBytes.count == 1 else { return nil }
        let byte = scratchBytes[0]
        let isAlphanumeric =
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        return isAlphanumeric ? byte : nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }

    /// Joins the parts of `run` that read as spaced letters; returns false (and leaves the output alone) when none do.
    private mutating func joinRun(_ run: [Single], rewindingTo mark: Mark) -> Bool {
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
                finalize(groups[groups.count - 1], joined: true)
                singles.append(scratchSingleByte())
                index = end
            } else {
                groups.append([run[index].token])
                singles.append(run[index].byte)
                index += 1
            }
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
                    finalize(merged[merged.count - 1], joined: true)
                    mergedSingles.append(scratchSingleByte())
                    changed = true
                    group = end
                } else {
                    merged.append(groups[group])
                    mergedSingles.append(singles[group])
                    group += 1
                }
            }
            groups = merged
            singles = mergedSingles
        }
        guard groups.count < run.count else { return false }
        bytes.removeSubrange(mark.byteCount...)
        starts.removeSubrange(mark.byteCount...)
        ends.removeSubrange(mark.byteCount...)
        tokenStarts.removeSubrange(mark.tokenCount...)
        spans.removeSubrange(mark.spanCount...)
        lastEnd = mark.lastEnd
        for group in groups {
            finalize(group, joined: group.count > 1)
            commitScratch()
        }
        return true
    }

    /// Appends a separator space and the scratch token to the output.
    private mutating func commitScratch() {
        guard let firstStart = scratchStarts.first, let lastEnd = scratchEnds.last else { return }
        bytes.append(0x20)
        starts.append(min(self.lastEnd, firstStart))
        ends.append(firstStart)
        let start = bytes.count
        tokenStarts.append(Int32(truncatingIfNeeded: start))
        bytes.append(contentsOf: scratchBytes)
        starts.append(contentsOf: scratchStarts)
        ends.append(contentsOf: scratchEnds)
        if scratchIsObfuscated { spans.append(start..<bytes.count) }
        self.lastEnd = max(self.lastEnd, lastEnd)
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

    /// Writes the normalized bytes of `tokenList` (one token, or the one-character tokens of a spaced word) into the
    /// scratch buffers: leetspeak digits mapped, repeated letters squeezed.
    private mutating func finalize(_ tokenList: [Int], joined: Bool) {
        scratchBytes.removeAll(keepingCapacity: true)
        scratchStarts.removeAll(keepingCapacity: true)
        scratchEnds.removeAll(keepingCapacity: true)
        scratchIsObfuscated = joined
        guard let firstToken = tokenList.first else { return }
        if tokens[firstToken].isSymbol {
            let unit = units[Int(tokens[firstToken].unitStart)]
            var packed = unit.kind == .apostrophe ? UInt32(UInt8(ascii: "\"")) : unit.bytes
            for _ in 0..<unit.count {
                scratchBytes.append(UInt8(truncatingIfNeeded: packed))
                scratchStarts.append(unit.start)
                scratchEnds.append(unit.end)
                packed >>= 8
            }
            return
        }
        significant.removeAll(keepingCapacity: true)
        var letterCount = 0
        var flags: UInt8 = 0
        for token in tokenList {
            if tokens[token].hasZeroWidthInside { scratchIsObfuscated = true }
            for unit in Int(tokens[token].unitStart)..<Int(tokens[token].unitEnd) {
                let kind = units[unit].kind
                guard kind == .letter || kind == .digit else { continue }
                significant.append(Int32(truncatingIfNeeded: unit))
                if kind == .letter { letterCount += 1 }
                flags |= units[unit].flags
            }
        }
        if flags & Normalizer.Unit.leet != 0 { scratchIsObfuscated = true }
        if flags & Normalizer.Unit.confusable != 0 && flags & Normalizer.Unit.nativeLatin != 0 {
            scratchIsObfuscated = true
        }
        leetBytes.removeAll(keepingCapacity: true)
        leetBytes.append(contentsOf: repeatElement(0, count: significant.count))
        if letterCount >= 2 && significant.count >= 4 && markLeetDigits() { scratchIsObfuscated = true }

        var previousLetter: UInt32 = 0
        var previousCount = 0
        for (position, unitIndex) in significant.enumerated() {
            let unit = units[Int(unitIndex)]
            let leet = leetBytes[position]
            let isLetter = unit.kind == .letter || leet != 0
            var packed = leet != 0 ? UInt32(leet) : unit.bytes
            let count = leet != 0 ? 1 : Int(unit.count)
            if isLetter && previousCount > 0 && packed == previousLetter {
                let last = scratchEnds.count - 1
                for offset in 0..<previousCount { scratchEnds[last - offset] = unit.end }
                continue
            }
            previousLetter = isLetter ? packed : 0
            previousCount = isLetter ? count : 0
            for _ in 0..<count {
                scratchBytes.append(UInt8(truncatingIfNeeded: packed))
                scratchStarts.append(unit.start)
                scratchEnds.append(unit.end)
                packed >>= 8
            }
        }
    }

    /// Marks in `leetBytes` the digit runs of `significant` that are leetspeak: only `0 1 3 4 5 7`, and either between
    /// letters or a single digit at the start or end of the word next to a letter.
    private mutating func markLeetDigits() -> Bool {
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
