import Foundation
import Logging

/// One line per event on standard error, in one of two styles:
/// - `journal` (when `$JOURNAL_STREAM` is set, i.e. under systemd): `<N>` syslog priority prefix and no
///   timestamp, since journald adds its own; `journalctl -p warning` then filters by level;
/// - `human`: an RFC 3339 timestamp and the level name.
///
/// Metadata follows the message as `key=value`, sorted by key (values with spaces, quotes or `=` are quoted).
/// A line is always one line: newlines and other control characters in the message or in values are escaped
/// (`\n`, `\u{1B}`), so text from a feed can neither forge a second entry nor a priority prefix. Every message and
/// value also goes through `LogRedaction`, so a URL password, a `?token=` or a `whsec_` key never reaches the log.
/// Each line is one `write(2)` call, so lines from concurrent tasks never interleave.
public struct ConsoleLogHandler: LogHandler {
    public enum Style: Sendable { case journal, human }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let style: Style
    let fileDescriptor: Int32

    public init(style: Style, logLevel: Logger.Level = .info, fileDescriptor: Int32 = 2) {
        self.style = style
        self.logLevel = logLevel
        self.fileDescriptor = fileDescriptor
    }

    /// `journal` under systemd (`$JOURNAL_STREAM` set), `human` otherwise.
    public static func style(for environment: [String: String]) -> Style {
        environment["JOURNAL_STREAM"].map { $0.isEmpty ? .human : .journal } ?? .human
    }

    /// `journal` only when `$JOURNAL_STREAM` names the stream `fileDescriptor` is connected to, as systemd
    /// recommends: it sets `DEVICE:INODE` of the stream it connected, and a process started from the service
    /// with its standard error redirected elsewhere inherits the variable but not the stream.
    public static func style(for environment: [String: String], fileDescriptor: Int32) -> Style {
        guard style(for: environment) == .journal, let value = environment["JOURNAL_STREAM"] else { return .human }
        var status = stat()
        guard fstat(fileDescriptor, &status) == 0 else { return .human }
        return value == "\(status.st_dev):\(status.st_ino)" ? .journal : .human
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line = Self.format(
            level: event.level, message: "\(event.message)", metadata: merged, style: style, date: Date())
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// The line for one event, without its newline.
    public static func format(
        level: Logger.Level,
        message: String,
        metadata: Logger.Metadata,
        style: Style,
        date: Date
    ) -> String {
        var line: String
        switch style {
        case .journal: line = "<\(syslogPriority(level))>"
        case .human: line = "\(RFC3339.string(date)) \(level) "
        }
        line += escapingControlCharacters(LogRedaction.redacted(message), newline: " ")
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(escapingControlCharacters(key, newline: "_"))=\(quoted(LogRedaction.redacted("\(value)")))"
        }
        return line
    }

    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func quoted(_ value: String) -> String {
        let escaped = escapingControlCharacters(
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""),
            newline: "\\n")
        let needsQuotes = value.isEmpty || escaped.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" }
        return needsQuotes ? "\"\(escaped)\"" : escaped
    }

    /// `text` with line breaks replaced by `newline` and every other control character (C0, DEL, C1) written as
    /// `\u{XX}`, so the result is printable and stays on one line.
    static func escapingControlCharacters(_ text: String, newline: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n" && previous == "\r" {
                continue  // CR LF is one line break
            } else if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
                result += newline
            } else if scalar == "\t" {
                result += " "
            } else if isControl(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
