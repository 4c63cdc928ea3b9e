extension String {
    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), compared case-insensitively,
    /// so `intervall`, `Interval` and `intreval` are each one edit from `interval`.
    func configEditDistance(to other: String) -> Int {
        let a = Array(lowercased().unicodeScalars)
        let b = Array(other.lowercased().unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// The candidate closest to this text within two edits (first listed wins a tie), or nil.
    ///
    /// A candidate this text starts with also counts (`language` suggests `lang`), as does `-` for `_`.
    func closestConfigKey(among candidates: [String]) -> String? {
        let normalized = replacingOccurrences(of: "-", with: "_")
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            var distance = normalized.configEditDistance(to: candidate)
            if distance > 2, candidate.count >= 3, normalized.lowercased().hasPrefix(candidate) {
                distance = 2
            }
            // Two edits turn any two-letter key into any other: demand fewer edits than the key has letters.
            if distance <= 2, distance < count, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    private func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
