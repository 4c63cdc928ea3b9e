import Foundation
import ParoleWatchCore
import TestSupport
import Testing

@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    @Test("a message is KEY=VALUE lines joined by newlines, as sd_notify expects")
    func messageFormat() {
        #expect(SystemdNotifier.message([.ready, .status("3 feeds")]) == "READY=1\nSTATUS=3 feeds")
        #expect(SystemdNotifier.message([.stopping]) == "STOPPING=1")
        #expect(SystemdNotifier.message([.watchdog]) == "WATCHDOG=1")
        #expect(
            SystemdNotifier.message([.reloading(monotonicMicroseconds: 1_234_567)])
                == "RELOADING=1\nMONOTONIC_USEC=1234567"
        )
    }

    @Test("a status text cannot add lines (fields) to the message")
    func statusStaysOnOneLine() {
        #expect(NotifyState.status("a\nREADY=1\r\nb\rc").line == "STATUS=a READY=1 b c")
    }

    @Test("RELOADING=1 carries the CLOCK_MONOTONIC time, in microseconds")
    func reloadingUsesMonotonicClock() throws {
        let before = MonotonicClock.microseconds()
        let states = NotifyState.reloadingNow()
        let after = MonotonicClock.microseconds()
        guard case .reloading(let stamp) = try #require(states.first) else {
            Issue.record("expected RELOADING")
            return
        }
        #expect(before <= stamp && stamp <= after)
    }

    @Test(
        "messages reach a socket given as a path and one in the abstract namespace (@name)",
        arguments: [
            NotifySocketListener.Address.path, .abstract,
        ]
    )
    func sendsDatagrams(address: NotifySocketListener.Address) throws {
        let listener = try NotifySocketListener(address)
        defer { listener.stop() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        #expect(notifier.isEnabled)
        #expect(notifier.notify([.ready, .status("up")]))
        #expect(notifier.notify(.watchdog))
        let ready = try #require(listener.waitForMessage(timeout: .seconds(5)) { $0.text.hasPrefix("READY=1") })
        #expect(ready.message.text == "READY=1\nSTATUS=up")
        #expect(ready.message.value(of: "STATUS") == "up")
        #expect(
            listener.waitForMessage(after: ready.index + 1, timeout: .seconds(5)) { $0.text == "WATCHDOG=1" } != nil
        )
    }

    @Test(
        "without NOTIFY_SOCKET, or with an unusable one, sending does nothing and says so",
        arguments: [
            [:], ["NOTIFY_SOCKET": ""], ["NOTIFY_SOCKET": "relative/notify"],
            ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)],
        ]
    )
    func disabledWithoutSocket(environment: [String: String]) {
        let notifier = SystemdNotifier(environment: environment)
        #expect(!notifier.isEnabled)
        #expect(!notifier.notify(.ready))
    }

    @Test("a socket nobody listens on is a failed send, not an error")
    func missingListener() {
        let notifier = SystemdNotifier(socketPath: "@parolewatch-nobody-\(UUID().uuidString)")
        #expect(notifier.isEnabled)
        #expect(!notifier.notify(.ready))
    }
}
