import Foundation

extension DeliverySchedule {
    /// When the next digest is due, given when the previous one was made (nil: never) and when the subscriber
    /// was first configured.
    ///
    /// `immediate` is always due. `every D` is due `D` after the previous digest, or after the subscriber first
    /// appeared. `daily HH:MM` is due at the first HH:MM (local time, per `calendar`) after the previous digest,
    /// or after the subscriber first appeared; a day whose HH:MM does not exist (a DST jump) uses the next
    /// valid time.
    public func nextDigest(after lastDigest: Date?, firstSeen: Date, calendar: Calendar = .current) -> Date {
        let anchor = lastDigest ?? firstSeen
        switch self {
        case .immediate:
            return .distantPast
        case .every(let interval):
            return anchor.addingTimeInterval(interval.seconds)
        case .daily(let hour, let minute):
            let time = DateComponents(hour: hour, minute: minute, second: 0)
            return calendar.nextDate(after: anchor, matching: time, matchingPolicy: .nextTime)
                ?? anchor.addingTimeInterval(24 * 3600)
        }
    }
}
