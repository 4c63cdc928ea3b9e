import Foundation
import ParoleWatchCore

/// The table `run --once` prints: one line per feed, then the totals.
enum CycleReportText {
    static func render(_ report: PollCycleReport) -> String {
        var lines = ["FEED                 OUTCOME       FORMAT     ENTRIES  NEW  EDITED  ALERTS  MS     NOTE"]
        for feed in report.feeds {
            let note = feed.error ?? feed.warnings.first.map { "warning: \($0)" } ?? ""
            lines.append(
                [
                    pad(feed.feedID, 20), pad(feed.outcome.rawValue, 13), pad(feed.format ?? "-", 10),
                    pad("\(feed.entries)", 8), pad("\(feed.newEntries)", 4), pad("\(feed.editedEntries)", 7),
                    pad("\(feed.newAlerts)", 7),
                    pad("\(Int(feed.duration.seconds * 1000))", 6), note,
                ].joined(separator: " "))
        }
        lines.append(
            "\(report.feeds.count) feeds in \(Int(report.duration.seconds * 1000)) ms: "
                + "\(report.count(.fetched)) fetched, \(report.count(.notModified)) not modified, "
                + "\(report.count(.deferred)) deferred, \(report.count(.failed)) failed; "
                + "\(report.entries) entries, \(report.newEntries) new, \(report.editedEntries) edited; "
                + "\(report.newAlerts) new alerts, \(report.foldedReposts) reposts folded into existing alerts.")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
