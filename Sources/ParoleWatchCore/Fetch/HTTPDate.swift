/// The three HTTP-date forms of RFC 9110 §5.6.7, parsed into seconds since 1970 (UTC).
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Double? {
        // Split on spaces, commas and dashes: "Sun, 06 Nov 1994 08:49:37 GMT",
        // "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994".
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        for part in parts.dropFirst() {  // the first part is the weekday, which we ignore
            if part.contains(":") {
                let fields = part.split(separator: ":").compactMap { Int($0) }
                guard fields.count == 3 else { return nil }
                time = (fields[0], fields[1], fields[2])
            } else if let index = months.firstIndex(of: part.lowercased()) {
                month = index + 1
            } else if let number = Int(part) {
                if day == nil && part.count <= 2 {
                    day = number
                } else {
                    year = part.count == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                }
            } else if part.uppercased() != "GMT" && part.uppercased() != "UTC" {
                return nil
            }
        }
        guard let day, let month, let year, let (hour, minute, second) = time,
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
