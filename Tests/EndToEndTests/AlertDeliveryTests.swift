import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// Alerts out, through the real binary: alert files for moderators and signed webhook digests for two
/// subscribers, across failures, restarts and crashes — every alerted post in exactly one file, every alert
/// delivered to each subscriber under exactly one `webhook-id`.
@Suite("Alert delivery, through the real binary", .serialized)
struct AlertDeliveryTests {
    @Test("five feeds, two subscribers, one failing at first: one file per alerted post, each alert under one webhook-id")
    func endToEnd() throws {
        let world = try DeliveryScenario()
        try world.add(SamplePosts.round(1) + SamplePosts.round(2))
        world.flaky.failNext(1)

        let first = try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath])
        #expect(first.status == 0, "\(first.standardError)")

        let expected = try world.expectedAlertedPosts()
        #expect(expected.count >= 10)
        let accounted = try world.postsInFiles()
        #expect(Set(accounted.keys) == expected)
        #expect(accounted.values.allSatisfy { $0 == 1 })
        #expect(world.temporaryFiles.isEmpty)
        let files = try world.alertFiles()
        #expect(files.allSatisfy { !$0.suggestedReply.es.isEmpty && !$0.rules.isEmpty && $0.score >= $0.threshold })

        // The good subscriber got every alert, once; the flaky one failed once and keeps its delivery.
        let everyID = Set(files.map(\.id))
        let spanishIDs = Set(files.filter { $0.post.lang == "es" }.map(\.id))
        #expect(world.good.deliveries.allSatisfy { $0.hasValidSignature })
        #expect(DeliveryScenario.acceptedAlertIDs(world.good.deliveries) == everyID)
        #expect(DeliveryScenario.alertsByWebhookID(world.good.deliveries).values.allSatisfy { $0.count == 1 })
        #expect(world.flaky.deliveries.count == 1)
        #expect(first.standardOutput.contains("subscriber spanish-only: 0 deliveries sent (0 alerts), 1 failed: HTTP 500"))

        // Second run: nothing new to poll; the failed delivery is retried under the same webhook-id.
        let goodBefore = world.good.deliveries.count
        let second = try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(try world.alertFiles().map(\.id).sorted() == files.map(\.id).sorted())
        #expect(world.good.deliveries.count == goodBefore)
        let flaky = world.flaky.deliveries
        #expect(flaky.count == 2)
        #expect(flaky.map(\.id).allSatisfy { $0 == flaky.first?.id })
        #expect(flaky.allSatisfy { $0.hasValidSignature })
        #expect(flaky.first?.body == flaky.last?.body)
        #expect(DeliveryScenario.acceptedAlertIDs(flaky) == spanishIDs)

        // Third run: nothing at all.
        let third = try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath])
        #expect(third.status == 0)
        #expect(world.good.deliveries.count == goodBefore && world.flaky.deliveries.count == 2)
        #expect(third.standardOutput.contains("0 alert files written."))

        // The moderators' commands see the same alerts.
        let list = try ParoleWatchBinary.run(["alerts", "list", "--json", "--config", world.configPath])
        let listed = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as! [[String: Any]]
        #expect(Set(listed.map { $0["id"] as! String }) == everyID)
        let status = try ParoleWatchBinary.run(["status", "--json", "--config", world.configPath])
        let report = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as! [String: Any]
        let subscribers = report["subscribers"] as! [[String: Any]]
        #expect(subscribers.map { $0["backlog"] as! Int } == [0, 0])
        #expect(!status.standardOutput.contains(DeliveryScenario.goodSecret.reveal()))
        #expect(!status.standardOutput.contains(world.good.url))
    }

    @Test(
        "a crash at each point, then a restart: exactly one file per alert, each alert under exactly one webhook-id",
        arguments: CrashPoint.allCases)
    func crashPoint(_ point: CrashPoint) throws {
        let world = try DeliveryScenario(flakySchedule: "immediate")
        try world.add(SamplePosts.round(3))

        let crashed = try ParoleWatchBinary.run(
            ["run", "--once", "--config", world.configPath],
            environment: [CrashPoint.environmentVariable: point.rawValue])
        #expect(crashed.status == 128 + SIGKILL, "\(crashed.standardError)")
        #expect(crashed.standardError.contains("crash point \(point.rawValue) reached"))

        for _ in 1...2 {
            let restarted = try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath])
            #expect(restarted.status == 0, "\(restarted.standardError)")
        }

        let expected = try world.expectedAlertedPosts()
        let accounted = try world.postsInFiles()
        #expect(Set(accounted.keys) == expected)
        #expect(accounted.values.allSatisfy { $0 == 1 })
        let files = try world.alertFiles()
        #expect(Set(files.map(\.id)).count == files.count)
        #expect(world.temporaryFiles.isEmpty)
        for (receiver, ids) in [
            (world.good, Set(files.map(\.id))), (world.flaky, Set(files.filter { $0.post.lang == "es" }.map(\.id))),
        ] {
            let carriers = DeliveryScenario.alertsByWebhookID(receiver.deliveries)
            #expect(DeliveryScenario.acceptedAlertIDs(receiver.deliveries) == ids)
            #expect(carriers.values.allSatisfy { $0.count == 1 }, "\(carriers)")
            #expect(receiver.deliveries.allSatisfy { $0.hasValidSignature })
        }
        #expect(try world.integrityCheck() == "ok")
    }

    /// Kills per run: 12, or `PAROLEWATCH_SOAK_KILLS` (`scripts/crash-soak.sh` sets 50).
    static let kills = ProcessInfo.processInfo.environment["PAROLEWATCH_SOAK_KILLS"].flatMap(Int.init) ?? 12

    @Test("12 random kill -9 during a busy daemon run with growing feeds, then quiescence: nothing lost, nothing twice")
    func randomKills() async throws {
        let world = try DeliveryScenario(flakySchedule: "immediate")
        try world.add(SamplePosts.round(10))
        var generator = SystemRandomNumberGenerator()
        for kill in 1...Self.kills {
            let daemon = try ParoleWatchProcess(["run", "--config", world.configPath])
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...1200, using: &generator)))
            if kill % 2 == 0 { try world.add(SamplePosts.round(10 + kill)) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...600, using: &generator)))
            daemon.signal(SIGKILL)
            _ = daemon.waitForExit(timeout: .seconds(10))
        }

        // Quiescence: a last daemon run until every expected post has its file and every alert its webhook.
        let expected = try world.expectedAlertedPosts()
        let daemon = try ParoleWatchProcess(["run", "--config", world.configPath])
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let files = (try? world.alertFiles()) ?? []
            if Set(try world.postsInFiles().keys) == expected,
                DeliveryScenario.acceptedAlertIDs(world.good.deliveries) == Set(files.map(\.id))
            {
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .seconds(1))
        daemon.signal(SIGTERM)
        let stopped = daemon.waitForExit(timeout: .seconds(15))
        #expect(stopped.status == 0, "\(stopped.standardError.suffix(2000))")

        let accounted = try world.postsInFiles()
        #expect(Set(accounted.keys) == expected, "lost: \(expected.subtracting(accounted.keys))")
        #expect(accounted.values.allSatisfy { $0 == 1 }, "duplicated: \(accounted.filter { $0.value > 1 })")
        let files = try world.alertFiles()
        #expect(Set(files.map(\.id)).count == files.count)
        for (receiver, ids) in [
            (world.good, Set(files.map(\.id))), (world.flaky, Set(files.filter { $0.post.lang == "es" }.map(\.id))),
        ] {
            let carriers = DeliveryScenario.alertsByWebhookID(receiver.deliveries)
            #expect(DeliveryScenario.acceptedAlertIDs(receiver.deliveries) == ids)
            #expect(carriers.values.allSatisfy { $0.count == 1 }, "\(carriers.filter { $0.value.count > 1 })")
            #expect(receiver.deliveries.allSatisfy { $0.hasValidSignature })
        }
        #expect(try world.integrityCheck() == "ok")
    }
}

@Suite("Alert and webhook commands, through the real binary", .serialized)
struct AlertCommandsTests {
    @Test("alerts show marks the matches, alerts ack moves files to cur/, and lists follow")
    func moderatorCommands() throws {
        let world = try DeliveryScenario()
        try world.add(SamplePosts.round(4))
        #expect(try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath]).status == 0)
        let ids = try world.alertFiles().map(\.id).sorted()
        let first = try #require(ids.first)

        let show = try ParoleWatchBinary.run(["alerts", "show", first, "--config", world.configPath])
        #expect(show.status == 0)
        for part in ["Alert \(first)", "Why it fired", "Suggested reply", "⟦", "uscis.gov"] {
            #expect(show.standardOutput.contains(part), "\(part)")
        }
        let short = String(Int(first.dropFirst())!)
        let ack = try ParoleWatchBinary.run(["alerts", "ack", short, "--config", world.configPath])
        #expect(ack.status == 0 && ack.standardOutput == "\(first): acknowledged\n")
        #expect(FileManager.default.fileExists(atPath: world.spool.appendingPathComponent("cur/\(first).json").path))
        let again = try ParoleWatchBinary.run(["alerts", "ack", first, "A999999", "--config", world.configPath])
        #expect(again.status == 1 && again.standardOutput.contains("already acknowledged"))
        #expect(again.standardError.contains("A999999"))

        let acked = try ParoleWatchBinary.run(["alerts", "list", "--state", "acked", "--config", world.configPath])
        #expect(acked.standardOutput.split(separator: "\n").count == 2 && acked.standardOutput.contains(first))
        let new = try ParoleWatchBinary.run(["alerts", "list", "--config", world.configPath])
        #expect(new.standardOutput.split(separator: "\n").count == ids.count)
        #expect(try ParoleWatchBinary.run(["alerts", "show", "A999999", "--config", world.configPath]).status == 1)
    }

    @Test("webhook test sends a signed parolewatch.test; digest preview shows what waits and sends nothing")
    func operatorCommands() throws {
        let world = try DeliveryScenario()
        let test = try ParoleWatchBinary.run(["webhook", "test", "everything", "--config", world.configPath])
        #expect(test.status == 0, "\(test.standardError)")
        let received = try #require(world.good.deliveries.first)
        #expect(received.hasValidSignature && received.bodyText.contains("\"type\":\"parolewatch.test\""))
        world.flaky.failNext(1)
        let failing = try ParoleWatchBinary.run(["webhook", "test", "spanish-only", "--config", world.configPath])
        #expect(failing.status == 1 && failing.standardError.contains("HTTP 500"))
        #expect(try ParoleWatchBinary.run(["webhook", "test", "nobody", "--config", world.configPath]).status == 64)

        // Alerts queued but not yet sent: the preview shows them and leaves them queued.
        try world.add(SamplePosts.round(5))
        world.flaky.failNext(1)
        world.good.failNext(1)
        #expect(try ParoleWatchBinary.run(["run", "--once", "--config", world.configPath]).status == 0)
        let preview = try ParoleWatchBinary.run(["digest", "preview", "everything", "--config", world.configPath])
        #expect(preview.status == 0)
        #expect(preview.standardOutput.contains("1 pending deliveries") && preview.standardOutput.contains("parolewatch.digest"))
        #expect(world.good.deliveries.count == 2)

        let retry = try ParoleWatchBinary.run(["webhook", "retry", "everything", "--config", world.configPath])
        #expect(retry.status == 0 && retry.standardOutput.contains("0 dead deliveries queued again"))
    }
}
