extension Normalizer.Pass {
    /// Separators that can cut a word into syllables (`pa.ro.le`, `re-a-bren`, `re_a_bren`, `re*a*bren`); `·` and `•`
    /// arrive as `.`, typographic dashes as `-`.
    private static let syllableSeparators: [UInt32] = [".", "-", "_", "*"].map { UInt32(UInt8(ascii: $0)) }

    /// Last labels that make a dotted chain a domain name (`my.uscis.gov`, `www.gob.mx`), which stays split.
    private static let domainEndings: Set<[UInt8]> = Set(
        [
            "com", "net", "org", "gov", "gob", "edu", "int", "mil", "info", "io", "us", "mx", "ht", "cu", "ve", "ni",
            "uk",
        ]
        .map { Array($0.utf8) }
    )

    /// Longest part of a syllable chain: longer parts read as words (`reabren-el-parole` in a link stays three words).
    private static let longestSyllable = 4

    /// The separator byte when `gapKey` is exactly one syllable separator, 0 otherwise.
    @inline(__always)
    private static func syllableLink(_ gapKey: UInt32) -> UInt32 {
        guard gapKey != Normalizer.Token.mixedGap, gapKey & 0xFFFF == 1 else { return 0 }
        let byte = gapKey >> 16
        return syllableSeparators.contains(byte) ? byte : 0
    }

    /// Step 2, last part: joins syllable chains into one obfuscated word, and a word cut into parts by one syllable
    /// separator when the joined word is one of `joinableWords` (``Normalizer/joinableWords``) (`pa-rol` with a model that has `parol`). A chain is a longest run of three or more
    /// word tokens of letters only (no digits), each of at most ``longestSyllable`` letters (a longer word ends the
    /// chain), separated by one and the same separator among `. - _ *` with nothing else between them (invisible
    /// characters aside), where at least one part has at most two letters and at least one has two or more (chains of
    /// single letters are left to the spaced-letter step). A dotted chain that starts with `www` or ends with a
    /// common domain label is a domain name and stays split. `co-sponsor`, `e-mail`, `I-134A`, `3.000` and `U.S.A.`
    /// are not chains. Linear: each token is looked at a bounded number of times.
    mutating func joinSyllableChains(joinableWords: Set<[UInt8]>) {
        let count = tokens.count
        var index = 0
        var firstChange = -1
        let joinsPairs = !joinableWords.isEmpty
        while index + 1 < count {
            let separator = Self.syllableLink(tokens[index + 1].gapKey)
            guard separator != 0,
                joinsPairs || (index + 2 < count && Self.syllableLink(tokens[index + 2].gapKey) == separator)
            else {
                index += 1
                continue
            }
            firstChange = index
            break
        }
        guard firstChange >= 0 else { return }  // the common case: nothing to join, no copy

        var joined: [Normalizer.Token] = Array(tokens[..<firstChange])
        joined.reserveCapacity(count)
        index = firstChange
        while index < count {
            let separator = index + 1 < count ? Self.syllableLink(tokens[index + 1].gapKey) : 0
            guard separator != 0, syllableLength(of: tokens[index]) != nil else {
                joined.append(tokens[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < count && Self.syllableLink(tokens[end].gapKey) == separator
                && syllableLength(of: tokens[end]) != nil
            {
                end += 1
            }
            if (end - index >= 3 && isSyllableChain(index..<end, separator: separator))
                || (end - index >= 2
                    && joinsIntoKnownWord(index..<end, separator: separator, joinableWords: joinableWords))
            {
                var word = tokens[index]
                word.unitEnd = tokens[end - 1].unitEnd
                word.isObfuscated = true
                joined.append(word)
                index = end
            } else {
                // The last part may start a chain with another separator (`co-re.a.bren`).
                let next = max(end - 1, index + 1)
                joined.append(contentsOf: tokens[index..<next])
                index = next
            }
        }
        tokens = joined
    }

    /// Whether the parts join into one of `joinableWords` (``Normalizer/joinableWords``) (`pa-rol` → `parol`), compared as the normalizer will
    /// write the joined word (repeated letters squeezed); a dotted domain name never joins.
    private func joinsIntoKnownWord(_ parts: Range<Int>, separator: UInt32, joinableWords: Set<[UInt8]>) -> Bool {
        guard !joinableWords.isEmpty else { return false }
        if separator == UInt32(UInt8(ascii: ".")) {
            guard word(tokens[parts.lowerBound]) != Array("www".utf8),
                !Self.domainEndings.contains(word(tokens[parts.upperBound - 1]))
            else { return false }
        }
        var joined: [UInt8] = []
        var previous: UInt32 = 0
        for part in parts {
            for unit in units[Int(tokens[part].unitStart)..<Int(tokens[part].unitEnd)] where unit.kind == .letter {
                guard unit.bytes != previous else { continue }
                previous = unit.bytes
                var packed = unit.bytes
                for _ in 0..<unit.count {
                    joined.append(UInt8(truncatingIfNeeded: packed))
                    packed >>= 8
                }
            }
        }
        return joinableWords.contains(joined)
    }

    /// Letters in a word token that can be a syllable: letters only (invisible characters aside), one to
    /// ``longestSyllable`` of them; `nil` otherwise.
    private func syllableLength(of token: Normalizer.Token) -> Int? {
        guard !token.isSymbol else { return nil }
        var letters = 0
        for unit in units[Int(token.unitStart)..<Int(token.unitEnd)] {
            switch unit.kind {
            case .letter: letters += 1
            case .ignorable, .zeroWidth, .apostrophe, .pictograph: continue
            default: return nil
            }
        }
        return letters > 0 && letters <= Self.longestSyllable ? letters : nil
    }

    private func isSyllableChain(_ parts: Range<Int>, separator: UInt32) -> Bool {
        var hasShort = false
        var hasLonger = false
        for part in parts {
            guard let letters = syllableLength(of: tokens[part]) else { return false }
            if letters <= 2 { hasShort = true }
            if letters >= 2 { hasLonger = true }
        }
        guard hasShort && hasLonger else { return false }
        guard separator == UInt32(UInt8(ascii: ".")) else { return true }
        return word(tokens[parts.lowerBound]) != Array("www".utf8)
            && !Self.domainEndings.contains(word(tokens[parts.upperBound - 1]))
    }

    /// The ASCII letters of a short word token, for comparing with domain labels.
    private func word(_ token: Normalizer.Token) -> [UInt8] {
        units[Int(token.unitStart)..<Int(token.unitEnd)].compactMap { unit in
            unit.kind == .letter && unit.count == 1 ? UInt8(truncatingIfNeeded: unit.bytes) : nil
        }
    }
}
