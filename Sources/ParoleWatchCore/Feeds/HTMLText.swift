/// Converts HTML fragments from feeds into readable plain text.
///
/// Tags are dropped; `script`, `style`, `applet` and `head` lose their content; entities are decoded;
/// block elements (p, br, div, li, h1–h6, tr, blockquote, …) become line breaks; whitespace is collapsed and
/// trimmed. A single pass over UTF-8 bytes; pure, so any task may call it.
enum HTMLText {
    private enum TagRole {
        /// Content is never text a reader sees (script, style, head, …).
        case hidden
        /// Starts a paragraph: a blank line.
        case paragraph
        /// Starts a line.
        case line
        /// A table cell: a space.
        case cell
    }

    /// A tag name packed for lookup: its first 8 lowercase bytes and its length.
    private struct TagKey: Hashable {
        var packed: UInt64 = 0
        var length = 0

        init() {}

        init(_ name: String) {
            for byte in name.utf8 { append(byte) }
        }

        mutating func append(_ byte: UInt8) {
            if length < 8 { packed |= UInt64(byte) << (8 * UInt64(length)) }
            length += 1
        }
    }

    private static let tagRoles: [TagKey: TagRole] = {
        var roles: [TagKey: TagRole] = [:]
        // Exactly what feedparser's sanitizer drops with its content (script, style, applet), plus head;
        // anything else keeps its text, as in feedparser, so the two agree on what a post says.
        for name in ["script", "style", "applet", "head"] {
            roles[TagKey(name)] = .hidden
        }
        for name in [
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "hr",
        ] {
            roles[TagKey(name)] = .paragraph
        }
        for name in [
            "br", "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "aside", "nav",
            "address", "figcaption", "form", "fieldset", "caption", "main", "details", "summary", "center",
        ] {
            roles[TagKey(name)] = .line
        }
        for name in ["td", "th"] { roles[TagKey(name)] = .cell }
        return roles
    }()

    /// Elements feedparser's sanitizer accepts; text naming only these (and known entities) "looks like HTML".
    private static let acceptableElements: Set<String> = Set(
        ("a abbr acronym address area article aside audio b big blockquote br button canvas caption center cite "
            + "code col colgroup command datagrid datalist dd del details dfn dialog dir div dl dt em event-source "
            + "fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hr i img input ins kbd keygen "
            + "label legend li m map menu meter multicol nav nextid noscript ol optgroup option output p pre "
            + "progress q s samp section select small sound source spacer span strike strong sub sup table tbody "
            + "td textarea tfoot th thead time tr tt u ul var video").split(separator: " ").map(String.init)
    )

    /// Plain text of an HTML fragment.
    static func plainText(fromHTML html: String) -> String {
        var writer = Writer()
        let bytes = Array(html.utf8)
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == 0x3C {
                i = readTag(bytes, at: i, writer: &writer)
            } else if b == 0x26 {
                i = readEntity(bytes, at: i, writer: &writer)
            } else if isSpace(b) {
                writer.space()
                i += 1
            } else if b == 0xC2 && i + 1 < n && bytes[i + 1] == 0xA0 {  // U+00A0 no-break space
                writer.space()
                i += 2
            } else {
                writer.byte(b)
                i += 1
            }
        }
        return writer.result()
    }

    /// Plain text kept as text, with whitespace collapsed (line breaks kept, at most one blank line).
    static func normalizedPlainText(_ text: String) -> String {
        var writer = Writer()
        var newlines = 0
        for b in text.utf8 {
            if b == 0x0A {
                newlines += 1
                writer.lineBreaks(min(newlines, 2))
            } else if isSpace(b) {
                writer.space()
            } else {
                newlines = 0
                writer.byte(b)
            }
        }
        return writer.result()
    }

    /// `text` on one line: every whitespace run (no-break spaces included) becomes one space; trimmed.
    static func singleLine(_ text: String) -> String {
        var writer = Writer()
        var bytes = Array(text.utf8)[...]
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            if isSpace(b) {
                writer.space()
            } else if b == 0xC2 && bytes.first == 0xA0 {
                bytes = bytes.dropFirst()
                writer.space()
            } else {
                writer.byte(b)
            }
        }
        return writer.result()
    }

    /// feedparser's heuristic for RSS fields declared as plain text: a close tag or entity reference, only
    /// harmless HTML element names, and only known entity names.
    static func looksLikeHTML(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let n = bytes.count
        var hasCloseTagOrReference = false
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == 0x3C {
                var j = i + 1
                let isClose = j < n && bytes[j] == 0x2F
                if isClose { j += 1 }
                let start = j
                while j < n && isWordByte(bytes[j]) { j += 1 }
                if j > start {
                    let name = String(decoding: bytes[start..<j], as: UTF8.self).lowercased()
                    if !acceptableElements.contains(name) { return false }
                    if isClose && j < n && bytes[j] == 0x3E { hasCloseTagOrReference = true }
                }
                i = max(j, i + 1)
            } else if b == 0x26 {
                var j = i + 1
                let isNumeric = j < n && bytes[j] == 0x23
                if isNumeric { j += 1 }
                let start = j
                while j < n && isWordByte(bytes[j]) { j += 1 }
                if j > start && j < n && bytes[j] == 0x3B {
                    hasCloseTagOrReference = true
                    if !isNumeric {
                        let name = String(decoding: bytes[start..<j], as: UTF8.self)
                        if name == "apos" || XMLEntities.codePoint(named: name) == nil { return false }
                    }
                }
                i = max(j, i + 1)
            } else {
                i += 1
            }
        }
        return hasCloseTagOrReference
    }

    // MARK: - Pieces

    fileprivate static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
    }

    /// Reads the markup at `i` (a `<`); returns the index after it.
    private static func readTag(_ bytes: [UInt8], at i: Int, writer: inout Writer) -> Int {
        let n = bytes.count
        guard i + 1 < n else {
            writer.byte(0x3C)
            return n
        }
        var j = i + 1
        let next = bytes[j]
        if next == 0x21 {  // <!-- comment --> or <!DOCTYPE …>
            if j + 2 < n && bytes[j + 1] == 0x2D && bytes[j + 2] == 0x2D {
                var k = j + 3
                while k + 2 < n {
                    if bytes[k] == 0x2D && bytes[k + 1] == 0x2D && bytes[k + 2] == 0x3E { return k + 3 }
                    k += 1
                }
                return n
            }
            return skipPast(0x3E, in: bytes, from: j)
        }
        if next == 0x3F { return skipPast(0x3E, in: bytes, from: j) }
        let isEnd = next == 0x2F
        if isEnd { j += 1 }
        guard j < n, isLetter(bytes[j]) else {
            writer.byte(0x3C)
            return i + 1
        }
        var key = TagKey()
        while j < n, isWordByte(bytes[j]) || bytes[j] == 0x2D || bytes[j] == 0x3A {
            let c = bytes[j] >= 0x41 && bytes[j] <= 0x5A ? bytes[j] + 0x20 : bytes[j]
            if c == 0x3A {  // drop a namespace prefix
                key = TagKey()
            } else {
                key.append(c)
            }
            j += 1
        }
        // Skip attributes, honoring quotes.
        var end = n
        var quote: UInt8 = 0
        var selfClosing = false
        while j < n {
            let c = bytes[j]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x3E {
                selfClosing = j > 0 && bytes[j - 1] == 0x2F
                end = j + 1
                break
            }
            j += 1
        }
        switch tagRoles[key] {
        case .hidden?:
            guard !isEnd && !selfClosing else { return end }
            var name: [UInt8] = []
            for b in bytes[(i + 1)...] {
                guard isWordByte(b) || b == 0x2D || b == 0x3A else { break }
                name.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            }
            if let colon = name.lastIndex(of: 0x3A) { name.removeSubrange(...colon) }
            return skipElementContent(bytes, named: name, from: end)
        case .paragraph?: writer.lineBreaks(2)
        case .line?: writer.lineBreaks(1)
        case .cell?: writer.space()
        case nil: break
        }
        return end
    }

    /// Index after the end tag `</name …>` following `start`, or the end of input.
    private static func skipElementContent(_ bytes: [UInt8], named name: [UInt8], from start: Int) -> Int {
        let n = bytes.count
        var k = start
        while k + 1 + name.count < n {
            if bytes[k] == 0x3C && bytes[k + 1] == 0x2F {
                var matches = true
                for (offset, c) in name.enumerated() {
                    var a = bytes[k + 2 + offset]
                    if a >= 0x41 && a <= 0x5A { a += 0x20 }
                    if a != c {
                        matches = false
                        break
                    }
                }
                if matches {
                    let after = k + 2 + name.count
                    if after >= n || !isWordByte(bytes[after]) { return skipPast(0x3E, in: bytes, from: after) }
                }
            }
            k += 1
        }
        return n
    }

    private static func skipPast(_ byte: UInt8, in bytes: [UInt8], from i: Int) -> Int {
        var j = i
        while j < bytes.count {
            if bytes[j] == byte { return j + 1 }
            j += 1
        }
        return bytes.count
    }

    /// Decodes the character reference at `i` (a `&`); a malformed one is kept as text.
    private static func readEntity(_ bytes: [UInt8], at i: Int, writer: inout Writer) -> Int {
        let n = bytes.count
        var j = i + 1
        var scalar: Unicode.Scalar?
        if j < n && bytes[j] == 0x23 {
            j += 1
            var isHex = false
            if j < n && (bytes[j] == 0x78 || bytes[j] == 0x58) {
                isHex = true
                j += 1
            }
            let start = j
            var value: UInt32 = 0
            while j < n, let digit = hexValue(bytes[j]), isHex || digit < 10 {
                if value <= 0x10FFFF { value = value * (isHex ? 16 : 10) + digit }
                j += 1
            }
            guard j > start else {
                writer.byte(0x26)
                return i + 1
            }
            if j < n && bytes[j] == 0x3B { j += 1 }
            scalar = XMLReader.scalar(forCharacterReference: min(value, 0x110000))
        } else {
            let start = j
            while j < n && j - start < 32 && isWordByte(bytes[j]) { j += 1 }
            guard j > start, j < n, bytes[j] == 0x3B else {
                // `&copy 2024` without ";": decoded like browsers and feedparser do.
                if j > start, j == n || bytes[j] != 0x3D, let legacy = XMLReader.knownEntity(bytes[start..<j]) {
                    writer.scalar(legacy)
                    return j
                }
                writer.byte(0x26)
                return i + 1
            }
            let name = String(decoding: bytes[start..<j], as: UTF8.self)
            j += 1
            switch name {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default: scalar = XMLEntities.codePoint(named: name).flatMap(Unicode.Scalar.init)
            }
            guard scalar != nil else {
                for b in bytes[i..<j] { writer.byte(b) }
                return j
            }
        }
        if let scalar { writer.scalar(scalar) }
        return j
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        default: nil
        }
    }

    /// Accumulates output bytes, deferring spaces and line breaks until the next visible character so that
    /// runs collapse and nothing dangles at either end.
    private struct Writer {
        private var output: [UInt8] = []
        private var pendingSpace = false
        private var pendingBreaks = 0

        mutating func space() { pendingSpace = true }

        mutating func lineBreaks(_ count: Int) { pendingBreaks = max(pendingBreaks, count) }

        /// A decoded character; no-break and other ASCII spaces collapse like spaces.
        mutating func scalar(_ scalar: Unicode.Scalar) {
            if scalar == "\u{A0}" || (scalar.value < 0x80 && HTMLText.isSpace(UInt8(scalar.value))) {
                space()
                return
            }
            var encoded: [UInt8] = []
            FeedTextDecoder.appendUTF8(scalar, to: &encoded)
            for b in encoded { byte(b) }
        }

        mutating func byte(_ b: UInt8) {
            if !output.isEmpty {
                if pendingBreaks > 0 {
                    for _ in 0..<pendingBreaks { output.append(0x0A) }
                } else if pendingSpace {
                    output.append(0x20)
                }
            }
            pendingBreaks = 0
            pendingSpace = false
            output.append(b)
        }

        func result() -> String { String(decoding: output, as: UTF8.self) }
    }
}
