import Foundation
import ParoleWatchCore

/// What `run --once` prints after the poll table: alert files written, then one line per subscriber.
enum DeliveryReportText {
    static func render(spooled: Int, _ reports: [WebhookDeliverer.Report]) -> String {
        var lines = ["\(spooled) alert \(spooled == 1 ? "file" : "files") written."]
        for report in reports {
            var line = "subscriber \(report.subscriberID): \(report.delivered) deliveries sent "
                + "(\(report.alertsDelivered) alerts)"
            if report.failed > 0 { line += ", \(report.failed) failed" }
            if report.dead > 0 { line += ", \(report.dead) dead" }
            if report.deferred > 0 { line += ", \(report.deferred) deferred" }
            if let error = report.error, report.delivered == 0 || report.failed > 0 || report.deferred > 0 {
                line += ": \(error)"
            }
            lines.append(line + ".")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
