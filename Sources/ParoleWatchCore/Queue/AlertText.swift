import Foundation

/// An alert as a page for a person (`parolewatch alerts show ID`): who, where and how sure; the post with what
/// matched marked `⟦like this⟧`; why it fired, rule by rule; and the suggested reply in each language.
///
/// Post text is untrusted: control characters (a terminal escape sequence, a stray carriage return) are shown as
/// visible symbols and bidirectional overrides as `�`, so the page can never rewrite the moderator's terminal or
/// reorder what they read. Pure and synchronous; linear in the size of the alert.
public enum AlertText {
    /// Marks put around matched text.
    public static let openMark = "⟦"
    public static let closeMark = "⟧"

    /// The page, ending in a newline.
    public static func render(_ alert: Alert) -> String {
        var lines: [String] = []
        let verdict = alert.score >= alert.threshold ? "at or above" : "below"
        lines.append("Alert \(clean(alert.id))")
        lines.append(field("Score", "\(number(alert.score)) (\(verdict) the threshold \(number(alert.threshold)))"))
        lines.append(field("Feed", "\(clean(alert.feed.id))  \(clean(alert.feed.url))"))
        lines.append(field("Created", RFC3339.string(alert.createdAt)))
        lines.append(field("Reposts", reposts(alert)))
        for source in alert.sources {
            var parts = [clean(source.feed)]
            if let postID = source.postID { parts.append("post \(clean(postID))") }
            if let link = source.link { parts.append(clean(link)) }
            parts.append("seen \(RFC3339.string(source.seenAt))")
            lines.append(String(repeating: " ", count: labelWidth) + "- " + parts.joined(separator: "  "))
        }

        lines.append(contentsOf: heading("Post"))
        let post = alert.post
        let title = marked(post.title, rules: alert.rules.filter { $0.field == .title })
        lines.append(field("Title", title.isEmpty ? "(none)" : clean(title, oneLine: true)))
        lines.append(field("Link", post.link.map { clean($0) } ?? "(none)"))
        lines.append(field("Published", post.published.map(RFC3339.string) ?? "(not given)"))
        lines.append(field("Language", post.lang.map { clean($0) } ?? "(unknown)"))
        lines.append(field("Entry id", post.id.map { clean($0) } ?? "(none)"))
        lines.append("")
        let text = marked(post.text, rules: alert.rules.filter { $0.field == .text })
        lines.append(contentsOf: indented(text.isEmpty ? "(no text)" : clean(text)))

        lines.append(contentsOf: heading("Why it fired"))
        if alert.rules.isEmpty { lines.append("  (no rules recorded)") }
        let idWidth = alert.rules.map { clean($0.id).count }.max() ?? 0
        for rule in alert.rules {
            let weight = signed(rule.weight)
            let id = clean(rule.id).padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let field = rule.field.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)
            let weightColumn = String(repeating: " ", count: max(0, 7 - weight.count)) + weight
            lines.append("\(weightColumn)  \(id)  \(field)  \"\(clean(rule.match, oneLine: true))\"")
            if !rule.description.isEmpty {
                lines.append("         " + clean(rule.description, oneLine: true))
            }
        }
        lines.append("")
        let total = alert.rules.reduce(0) { $0 + $1.weight }
        lines.append("  Sum of weights \(number(total)); score \(number(alert.score)), threshold \(number(alert.threshold)).")

        lines.append(contentsOf: heading("Suggested reply"))
        let replies = [
            ("Español (es)", alert.suggestedReply.es),
            ("English (en)", alert.suggestedReply.en),
            ("Kreyòl ayisyen (ht)", alert.suggestedReply.ht),
        ]
        for (index, (language, reply)) in replies.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(language)
            lines.append(contentsOf: indented(reply.isEmpty ? "(none)" : clean(reply)))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Layout

    private static let labelWidth = 11

    private static func field(_ label: String, _ value: String) -> String {
        label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + value
    }

    private static func heading(_ title: String) -> [String] {
        ["", title, String(repeating: "─", count: title.count)]
    }

    private static func indented(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.isEmpty ? "" : "  " + $0
        }
    }

    private static func reposts(_ alert: Alert) -> String {
        switch alert.duplicates {
        case 0: "none"
        case 1: "1 folded in"
        default: "\(alert.duplicates) folded in"
        }
    }

    /// At most three decimals, at least one: `7.35`, `4.0`, `0.315`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        var text = String(format: "%.3f", (value * 1000).rounded() / 1000)
        while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
        return text == "-0.0" ? "0.0" : text
    }

    private static func signed(_ value: Double) -> String {
        let text = number(value)
        return text.hasPrefix("-") ? text : "+" + text
    }

    // MARK: Marking matched spans

    /// `text` with the rules' spans marked. A span is used only when its byte offsets are in range, fall on
    /// Unicode scalar boundaries and cut out exactly the rule's `match` (else the offsets belong to another version
    /// of the text, and marking them would mislead); it is widened to whole characters (a match ending before a
    /// combining accent takes the accent too). Overlapping and touching spans are merged.
    static func marked(_ text: String, rules: [Alert.Rule]) -> String {
        let utf8 = text.utf8
        var ranges: [Range<String.Index>] = []
        var characterStarts: [String.Index] = []
        for rule in rules {
            guard rule.start >= 0, rule.start < rule.end, rule.end <= utf8.count else { continue }
            let lower = utf8.index(utf8.startIndex, offsetBy: rule.start)
            let upper = utf8.index(utf8.startIndex, offsetBy: rule.end)
            guard lower.samePosition(in: text.unicodeScalars) != nil,
                upper.samePosition(in: text.unicodeScalars) != nil,
                String(text.unicodeScalars[lower..<upper]) == rule.match
            else { continue }
            if characterStarts.isEmpty { characterStarts = Array(text.indices) + [text.endIndex] }
            // The last character start at or before `lower`, the first character boundary at or after `upper`.
            let startSlot = characterStarts.partitioningIndex { $0 > lower } - 1
            let endSlot = characterStarts.partitioningIndex { $0 >= upper }
            guard startSlot >= 0, endSlot < characterStarts.count else { continue }
            ranges.append(characterStarts[startSlot]..<characterStarts[endSlot])
        }
        guard !ranges.isEmpty else { return text }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<String.Index>] = [ranges[0]]
        for range in ranges.dropFirst() {
            let last = merged[merged.count - 1]
            if range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        var result = ""
        var cursor = text.startIndex
        for range in merged {
            result += text[cursor..<range.lowerBound]
            result += openMark + text[range] + closeMark
            cursor = range.upperBound
        }
        result += text[cursor...]
        return result
    }

    // MARK: Untrusted text

    /// Control characters made visible (C0 as their control pictures, `␡`, C1 as `�`), bidirectional embeddings,
    /// overrides and isolates as `�`, line breaks normalized to `\n` (or to a space with `oneLine`); tabs kept.
    static func clean(_ text: String, oneLine: Bool = false) -> String {
        var result = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousWasCarriageReturn:
                continue
            case 0x0A, 0x0D, 0x2028, 0x2029:
                result.append(oneLine ? " " : "\n")
            case 0x09:
                result.append(scalar)
            case 0x00...0x1F:
                result.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
            case 0x7F:
                result.append("\u{2421}")
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                result.append("\u{FFFD}")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }
}
