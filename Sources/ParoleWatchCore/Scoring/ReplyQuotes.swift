extension RuleSet {
    /// Normalized ranges of the reply-quoted lines of a field: lines whose first visible character is `>`, the way
    /// replies in forums, e-mail and chat apps quote the message they answer. Consecutive quoted lines form one
    /// range. They count as quotations, like text between quotation marks (``quotations(in:)``): a claim quoted
    /// this way is discounted when the post has a debunk cue.
    static func replyQuotes(in field: FieldText) -> [Range<Int>] {
        let original = field.original
        // Most posts have no `>`: say so in one pass.
        guard original.contains(UInt8(ascii: ">")) else { return [] }
        var lines: [Range<Int>] = []
        var lineStart = 0
        while lineStart < original.count {
            var lineEnd = lineStart
            while lineEnd < original.count && original[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd && (original[first] == 0x20 || original[first] == 0x09) { first += 1 }
            if first < lineEnd && original[first] == UInt8(ascii: ">") {
                if let last = lines.last, last.upperBound + 1 == lineStart {
                    lines[lines.count - 1] = last.lowerBound..<lineEnd
                } else {
                    lines.append(lineStart..<lineEnd)
                }
            }
            lineStart = lineEnd + 1
        }
        let normalized = field.normalized
        return lines.compactMap { line in
            let lower = normalized.firstByte(atOrAfterOriginal: line.lowerBound)
            let upper = normalized.firstByte(atOrAfterOriginal: line.upperBound)
            return lower < upper ? lower..<upper : nil
        }
    }
}

extension NormalizedText {
    /// The first normalized byte whose source starts at or after original offset `offset` (``bytes.count`` when
    /// none does): `originalStart` is non-decreasing, so a binary search.
    func firstByte(atOrAfterOriginal offset: Int) -> Int {
        originalStart.partitioningIndex { Int($0) >= offset }
    }
}
