import Dispatch

/// Runs `first` and `second` at the same time, on two threads of the global pool (the caller's among them), and
/// returns both results: for two independent pieces of work that each take milliseconds, such as building two parts
/// of a rule set from the same phrases.
func concurrently<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First,
    _ second: @Sendable () -> Second
) -> (First, Second) {
    let results = PairSlots<First, Second>()
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 { results.first = first() } else { results.second = second() }
    }
    guard let firstResult = results.first, let secondResult = results.second else {
        preconditionFailure("concurrentPerform returned before both iterations ran")
    }
    return (firstResult, secondResult)
}

/// Where the two iterations of ``concurrently(_:_:)`` leave their results.
///
/// @unchecked Sendable is sound: each iteration writes only its own property, and `concurrentPerform` returns only
/// when both have run, after which the caller alone reads them.
private final class PairSlots<First, Second>: @unchecked Sendable {
    var first: First?
    var second: Second?
}
