/// The rules that scoring still has to look at in one post, as positions in the model's dependency order
/// (``RuleTable/order``): a bit set, so that a post in which five rules match costs five visits, not one per rule of
/// the model.
///
/// A rule enters the agenda when it gets a match of its own (phrases, patterns) or when a rule it waits for gets one
/// (``RuleTable/dependents(of:)``). Derived rules come after the rules they read, so visiting in ascending order
/// while inserting later positions reaches every rule that can fire.
struct RuleAgenda {
    private var words: [UInt64]

    /// An empty agenda for a model of `count` rules.
    init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    mutating func insert(_ position: Int) {
        words[position >> 6] |= 1 << UInt64(position & 63)
    }

    func contains(_ position: Int) -> Bool {
        words[position >> 6] & (1 << UInt64(position & 63)) != 0
    }

    /// The smallest position in the agenda, if any.
    var first: Int? { next(from: 0) }

    /// The smallest position in the agenda greater than `position`, if any.
    func next(after position: Int) -> Int? { next(from: position + 1) }

    private func next(from start: Int) -> Int? {
        var word = start >> 6
        guard word < words.count else { return nil }
        var bits = words[word] & (~0 << UInt64(start & 63))
        while bits == 0 {
            word += 1
            guard word < words.count else { return nil }
            bits = words[word]
        }
        return word << 6 | bits.trailingZeroBitCount
    }

    mutating func removeAll() {
        for index in words.indices { words[index] = 0 }
    }
}
