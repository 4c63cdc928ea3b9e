extension String {
    /// The text without leading and trailing whitespace (ASCII and Unicode, like Python's `str.strip()`).
    ///
    /// Much cheaper than Foundation's `trimmingCharacters(in:)`, which bridges through NSString: it scans
    /// UTF-8 and returns the receiver's own storage when nothing is trimmed.
    func trimmedWhitespace() -> String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if !Self.mayBeWhitespace(first) && !Self.mayBeWhitespace(last) { return self }
        let scalars = self.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.isFeedWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.isFeedWhitespace }) ?? start
        return String(scalars[start...end])
    }

    private static func mayBeWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x80
    }

    /// The whitespace-separated words of the text, like Python's `str.split()`.
    func feedWords() -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.isFeedWhitespace {
                if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}

extension Unicode.Scalar {
    /// Whitespace for trimming and splitting feed text; ASCII answers without a Unicode property lookup.
    var isFeedWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return properties.isWhitespace
    }
}
