import Synchronization

/// Wakes a loop that otherwise sleeps: `ring()` from any task; `wait(upTo:)` returns at the next ring or when
/// the time is up, whichever is first. Rings while nobody waits are kept (as one), so none is missed.
public final class Doorbell: Sendable {
    private let rung = Atomic<Bool>(false)
    /// How often a waiter looks at the bell: the most a ring can be late.
    static let granularity: Duration = .milliseconds(20)

    public init() {}

    public func ring() {
        rung.store(true, ordering: .releasing)
    }

    /// Sleeps until the bell rings or `timeout` passes; returns early (without throwing) when cancelled.
    public func wait(upTo timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if rung.exchange(false, ordering: .acquiringAndReleasing) { return }
            try? await Task.sleep(for: min(Self.granularity, deadline - ContinuousClock.now))
        }
        _ = rung.exchange(false, ordering: .acquiringAndReleasing)
    }
}
