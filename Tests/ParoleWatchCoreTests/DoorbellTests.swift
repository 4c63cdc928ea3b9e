import ParoleWatchCore
import Testing

@Suite("Doorbell", .timeLimit(.minutes(1)))
struct DoorbellTests {
    @Test("a ring while nobody waits is kept: the next wait returns at once, and only that one")
    func ringBeforeWait() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        let clock = ContinuousClock()
        let first = await clock.measure { await bell.wait(upTo: .seconds(30)) }
        #expect(first < .seconds(5))
        let second = await clock.measure { await bell.wait(upTo: .milliseconds(60)) }
        #expect(second >= .milliseconds(50), "the two rings counted as one")
    }

    @Test("a ring wakes a waiter long before its time is up")
    func ringWakesWaiter() async {
        let bell = Doorbell()
        let waiter = Task { await ContinuousClock().measure { await bell.wait(upTo: .seconds(30)) } }
        try? await Task.sleep(for: .milliseconds(50))
        bell.ring()
        #expect(await waiter.value < .seconds(5))
    }

    @Test("a wait returns when its time is up")
    func timeout() async {
        let elapsed = await ContinuousClock().measure { await Doorbell().wait(upTo: .milliseconds(60)) }
        #expect(elapsed >= .milliseconds(50))
    }

    @Test("cancelling the waiting task ends the wait")
    func cancellation() async {
        let bell = Doorbell()
        let waiter = Task { await ContinuousClock().measure { await bell.wait(upTo: .seconds(30)) } }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value < .seconds(5))
    }

    @Test("rings, timeouts and cancellations racing each other resume every waiter exactly once")
    func races() async {
        let bell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            for round in 0..<2_000 {
                group.addTask { await bell.wait(upTo: .microseconds(round % 7 * 50)) }
                group.addTask { bell.ring() }
                if round % 5 == 0 {
                    let waiter = Task { await bell.wait(upTo: .seconds(30)) }
                    group.addTask {
                        waiter.cancel()
                        await waiter.value
                    }
                }
            }
        }
    }
}
