import Foundation
import Logging
import ParoleWatchCore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

@Suite("Watchdog")
struct WatchdogTests {
    @Test("WATCHDOG_USEC sets the ping interval to half of it and the allowed silence to all of it")
    func fromEnvironment() throws {
        let watchdog = try #require(Watchdog(environment: ["WATCHDOG_USEC": "2000000"], processID: 42))
        #expect(watchdog.pingInterval == .seconds(1))
        #expect(watchdog.maxSilence == .seconds(2))
        #expect(watchdog.loopBeatInterval == .milliseconds(500))
    }

    @Test(
        "no watchdog without a positive WATCHDOG_USEC",
        arguments: [
            [:], ["WATCHDOG_USEC": "0"], ["WATCHDOG_USEC": "soon"], ["WATCHDOG_USEC": "-5"],
        ]
    )
    func noWatchdog(environment: [String: String]) {
        #expect(Watchdog(environment: environment, processID: 42) == nil)
    }

    @Test("WATCHDOG_PID naming another process means the watchdog is not ours (sd_watchdog_enabled)")
    func otherProcessesWatchdog() {
        #expect(Watchdog(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "41"], processID: 42) == nil)
        #expect(Watchdog(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "42"], processID: 42) != nil)
    }

    @Test("pings only while the work loop beat within the allowed silence")
    func pingDecision() {
        let watchdog = Watchdog(pingInterval: .seconds(1), maxSilence: .seconds(2))
        #expect(watchdog.shouldPing(heartbeatAge: .milliseconds(300)))
        #expect(watchdog.shouldPing(heartbeatAge: .seconds(2)))
        #expect(!watchdog.shouldPing(heartbeatAge: .milliseconds(2001)))
        #expect(!watchdog.shouldPing(heartbeatAge: nil))
    }

    @Test("a wedged work loop stops the WATCHDOG=1 pings; READY=1 first, STOPPING=1 at shutdown")
    func pingsStopWhenLoopIsWedged() async throws {
        let listener = try NotifySocketListener(.abstract)
        defer { listener.stop() }
        let heartbeat = Heartbeat()
        let service = NotifyService(
            notifier: SystemdNotifier(socketPath: listener.notifySocket),
            watchdog: Watchdog(pingInterval: .milliseconds(100), maxSilence: .milliseconds(300)),
            heartbeat: heartbeat,
            status: { "testing" },
            logger: Logger(label: "test")
        )
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        let wedgedAt = Mutex<ContinuousClock.Instant?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // The loop beats every 50 ms for a second, then wedges.
            for _ in 0..<20 {
                heartbeat.beat()
                try await Task.sleep(for: .milliseconds(50))
            }
            wedgedAt.withLock { $0 = .now }
            try await Task.sleep(for: .seconds(1.5))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let stopping = listener.waitForMessage(timeout: .seconds(5)) { $0.text.hasPrefix("STOPPING=1") }
        let messages = listener.messages
        let wedged = try #require(wedgedAt.withLock { $0 })
        #expect(messages.first?.text == "READY=1\nSTATUS=testing")
        let pings = messages.filter { $0.text == "WATCHDOG=1" }
        // About ten pings while the loop beats (one per 100 ms for a second); at least three even when a busy
        // machine delays the service's start or its timer.
        #expect(pings.filter { $0.receivedAt < wedged }.count >= 3)
        // Pings may go on for the allowed silence (300 ms) after the last beat, then stop.
        #expect(pings.filter { $0.receivedAt > wedged + .milliseconds(600) }.isEmpty)
        #expect(stopping?.message.text == "STOPPING=1\nSTATUS=stopping")
        #expect(stopping?.index == messages.count - 1, "nothing after STOPPING=1")
    }
}
