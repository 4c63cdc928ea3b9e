import Synchronization

/// Wakes a loop that otherwise sleeps: `ring()` from any task; `wait(upTo:)` returns at the next ring or when
/// the time is up, whichever is first. Rings while nobody waits are kept (as one), so none is missed.
///
/// A waiter parks on a continuation (no polling): a ring resumes every waiter at once, and a timer task or the
/// waiting task's cancellation resumes the one it belongs to. Each waiter is resumed exactly once, by whichever of
/// these reaches its slot first; one that is woken before it has parked returns as soon as it tries to.
public final class Doorbell: Sendable {
    private enum Slot {
        /// Registered, not parked yet.
        case arriving
        case parked(CheckedContinuation<Void, Never>)
        /// Woken before it parked: it returns instead of parking.
        case woken
    }

    private struct State {
        var isRung = false
        var nextWaiter = 0
        var slots: [Int: Slot] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every waiter now, or the next one to wait when none is waiting.
    public func ring() {
        let parked = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.slots.isEmpty else {
                state.isRung = true
                return []
            }
            var parked: [CheckedContinuation<Void, Never>] = []
            for (waiter, slot) in state.slots {
                switch slot {
                case .parked(let continuation):
                    parked.append(continuation)
                    state.slots[waiter] = nil
                case .arriving:
                    state.slots[waiter] = .woken
                case .woken:
                    break
                }
            }
            return parked
        }
        for continuation in parked { continuation.resume() }
    }

    /// Sleeps until the bell rings or `timeout` passes; returns early (without throwing) when cancelled.
    public func wait(upTo timeout: Duration) async {
        let waiter: Int? = state.withLock { state in
            if state.isRung {
                state.isRung = false
                return nil
            }
            state.nextWaiter += 1
            state.slots[state.nextWaiter] = .arriving
            return state.nextWaiter
        }
        guard let waiter else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.wake(waiter)
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let isWoken = state.withLock { state in
                        guard case .arriving = state.slots[waiter] else {
                            state.slots[waiter] = nil
                            return true
                        }
                        state.slots[waiter] = .parked(continuation)
                        return false
                    }
                    if isWoken { continuation.resume() }
                }
            } onCancel: {
                self.wake(waiter)
            }
            group.cancelAll()
        }
    }

    /// Resumes `waiter` when it is parked, or has it return instead of parking; nothing once it has been resumed.
    private func wake(_ waiter: Int) {
        let parked = state.withLock { state -> CheckedContinuation<Void, Never>? in
            switch state.slots[waiter] {
            case .parked(let continuation):
                state.slots[waiter] = nil
                return continuation
            case .arriving:
                state.slots[waiter] = .woken
                return nil
            case .woken, nil:
                return nil
            }
        }
        parked?.resume()
    }
}
