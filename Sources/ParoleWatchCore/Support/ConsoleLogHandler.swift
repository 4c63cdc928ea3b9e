import Foundation
import Logging

/// One line per event on standard error, in one of two styles:
/// - `journal` (when `$JOURNAL_STREAM` is set, i.e. under systemd): `<N>` syslog priority prefix and no
///   timestamp, since journald adds its own; `journalctl -p warning` then filters by level;
/// - `human`: an RFC 3339 timestamp and the level name.
///
/// Metadata follows the message as `key=value` (values with spaces or quotes are quoted).
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
        line += message.replacingOccurrences(of: "\n", with: " ")
        for key in metadata.keys.sorted() {
            line += " \(key)=\(quoted("\(metadata[key]!)"))"
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
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
