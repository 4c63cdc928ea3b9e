/// Splits a sequence of rendered items into consecutive groups under a count and a cost limit.
enum DigestPacker {
    /// Consecutive index ranges covering `costs` in order: each has at most `maxItems` items and a total cost of
    /// at most `maxCost`, except that an item costlier than `maxCost` alone gets a group of its own (callers cap
    /// single items so this does not happen). Empty input gives no groups.
    static func groups(costs: [Int], maxItems: Int, maxCost: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        var total = 0
        for (index, cost) in costs.enumerated() {
            let count = index - start
            if count > 0, count >= maxItems || total + cost > maxCost {
                groups.append(start..<index)
                start = index
                total = 0
            }
            total += cost
        }
        if start < costs.count {
            groups.append(start..<costs.count)
        }
        return groups
    }
}
