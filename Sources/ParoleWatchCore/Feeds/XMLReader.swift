import Foundation

/// A tolerant, byte-level XML reader that builds an ``XMLDocument`` from UTF-8 bytes.
///
/// Written by hand because feeds are often not well-formed and Foundation's XMLParser stops at the first
/// undefined entity (`&nbsp;`). It never fetches or expands anything from a DTD: the DOCTYPE is skipped,
/// internal entity declarations are ignored (an undefined entity stays literal text with a warning), so
/// "billion laughs" and XXE documents are harmless by construction. It recovers from unclosed and mismatched
/// tags with warnings, bounds nesting depth, and decodes the five XML entities, numeric references and the
/// HTML 4 named entities. Linear in input size; pure, so any task may call it.
struct XMLReader {
    /// Elements nested deeper than this are flattened into their ancestor (with one warning).
    static let maximumDepth = 512
    /// Warnings beyond this many are counted, not kept.
    static let maximumWarnings = 50

    private let bytes: [UInt8]
    private var document: XMLDocument
    private var stack: [Int] = []
    /// Default-namespace URIs in scope, innermost last (kept apart: most elements are unprefixed).
    private var defaultBindings: [String] = []
    /// Namespace URIs in scope by prefix, innermost last.
    private var bindings: [String: [String]] = [:]
    /// The prefixes each open element declared, popped with it.
    private var declaredPrefixes: [[String]] = []
    /// URIs assumed for prefixes used without a declaration (decided, and warned about, once each).
    private var undeclaredPrefixes: [String: String] = [:]
    /// How many open elements are items and entries (which never nest), so checking costs O(1).
    private var openItems = 0
    private var openEntries = 0
    /// Element comparisons left for end tags that do not close the innermost element. A matching search
    /// pops what it passed over, so it is paid for by those elements' start tags; a stray end tag is not,
    /// so without this budget 500 open elements and a million stray end tags would cost 500 million steps.
    private var endTagSearchBudget: Int
    private var text: [UInt8] = []
    private var declaredEntities: Set<String> = []
    private var suppressedWarnings = 0
    private var warnedAboutDepth = false
    /// Start tags ignored for being too deep and not yet closed; their end tags are ignored too.
    private var ignoredDepth = 0
    private var warnedAboutBareAmpersand = false
    private var warnedAboutBareLessThan = false

    /// Reads `utf8`; `documentURL` is the base for relative `xml:base` values.
    static func read(_ utf8: [UInt8], documentURL: URL?) -> XMLDocument {
        var reader = XMLReader(bytes: utf8, documentURL: documentURL)
        reader.run()
        return reader.document
    }

    private let documentBase: String?

    private init(bytes: [UInt8], documentURL: URL?) {
        self.bytes = bytes
        self.documentBase = documentURL?.absoluteString
        self.document = XMLDocument(lineIndex: LineIndex(bytes))
        self.endTagSearchBudget = 4 * bytes.count + 4096
    }

    // MARK: - Main loop

    private mutating func run() {
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b == 0x3C {  // <
                i = readMarkup(at: i)
            } else if b == 0x26 {  // &
                var buffer: [UInt8] = []
                swap(&buffer, &text)  // readReference mutates self too; move the buffer out meanwhile
                i = readReference(at: i, into: &buffer, inAttribute: false)
                swap(&buffer, &text)
            } else {
                var j = i + 1
                while j < n {
                    let c = bytes[j]
                    if c == 0x3C || c == 0x26 { break }
                    j += 1
                }
                if !stack.isEmpty { text.append(contentsOf: bytes[i..<j]) }
                i = j
            }
        }
        flushText()
        if !stack.isEmpty {
            let names = stack.reversed().prefix(5).map { "<\(Self.shown(document.elements[$0].qualifiedName))>" }
            warn("document ended with \(stack.count) unclosed element(s): \(names.joined(separator: ", "))", at: n)
            stack.removeAll()
        }
        if suppressedWarnings > 0 {
            document.warnings.append("\(suppressedWarnings) further warnings suppressed")
        }
    }

    private mutating func warn(_ message: String, at offset: Int) {
        guard document.warnings.count < Self.maximumWarnings else {
            suppressedWarnings += 1
            return
        }
        document.warnings.append("\(message) at line \(document.line(at: offset))")
    }

    private mutating func flushText() {
        guard !text.isEmpty else { return }
        if let top = stack.last {
            document.elements[top].children.append(.text(String(decoding: text, as: UTF8.self)))
        }
        text.removeAll(keepingCapacity: true)
    }

    // MARK: - Markup

    private func hasPrefix(_ literal: StaticString, at i: Int, caseInsensitive: Bool = false) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for k in 0..<count {
            var a = bytes[i + k]
            var b = pointer[k]
            if caseInsensitive {
                if a >= 0x61 && a <= 0x7A { a -= 0x20 }
                if b >= 0x61 && b <= 0x7A { b -= 0x20 }
            }
            if a != b { return false }
        }
        return true
    }

    /// Index just past the first occurrence of `terminator` at or after `i`, or nil.
    private func indexAfter(_ terminator: StaticString, from i: Int) -> Int? {
        let count = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start[0]
        var j = i
        let n = bytes.count
        while j + count <= n {
            if bytes[j] == first && hasPrefix(terminator, at: j) { return j + count }
            j += 1
        }
        return nil
    }

    private mutating func readMarkup(at i: Int) -> Int {
        let n = bytes.count
        guard i + 1 < n else {
            text.append(0x3C)
            return n
        }
        let next = bytes[i + 1]
        if next == 0x21 {  // <!
            if hasPrefix("<!--", at: i) {
                guard let end = indexAfter("-->", from: i + 4) else {
                    warn("unterminated comment", at: i)
                    return n
                }
                return end
            }
            if hasPrefix("<![CDATA[", at: i) {
                let start = i + 9
                guard let end = indexAfter("]]>", from: start) else {
                    warn("unterminated CDATA section", at: i)
                    if !stack.isEmpty { text.append(contentsOf: bytes[start..<n]) }
                    return n
                }
                if !stack.isEmpty { text.append(contentsOf: bytes[start..<(end - 3)]) }
                return end
            }
            if hasPrefix("<!DOCTYPE", at: i, caseInsensitive: true) {
                return skipDoctype(at: i)
            }
            return skip(past: 0x3E, from: i + 2)
        }
        if next == 0x3F {  // <?
            guard let end = indexAfter("?>", from: i + 2) else {
                warn("unterminated processing instruction", at: i)
                return n
            }
            return end
        }
        if next == 0x2F {  // </
            return readEndTag(at: i)
        }
        if Self.isNameStart(next) {
            return readStartTag(at: i)
        }
        if !warnedAboutBareLessThan {
            warnedAboutBareLessThan = true
            warn("a bare \"<\" that starts no tag was kept as text", at: i)
        }
        if !stack.isEmpty { text.append(0x3C) }
        return i + 1
    }

    private func skip(past byte: UInt8, from i: Int) -> Int {
        var j = i
        while j < bytes.count {
            if bytes[j] == byte { return j + 1 }
            j += 1
        }
        return bytes.count
    }

    /// Skips a DOCTYPE, internal subset included, noting declared entity names so warnings can say
    /// they were deliberately not expanded.
    private mutating func skipDoctype(at i: Int) -> Int {
        var j = i + 9
        var bracketDepth = 0
        let n = bytes.count
        while j < n {
            let b = bytes[j]
            switch b {
            case 0x22, 0x27:  // quoted literal
                j = skip(past: b, from: j + 1)
                continue
            case 0x5B:
                bracketDepth += 1
            case 0x5D:
                bracketDepth = max(0, bracketDepth - 1)
            case 0x3C:
                if hasPrefix("<!--", at: j) {
                    j = indexAfter("-->", from: j + 4) ?? n
                    continue
                }
                if hasPrefix("<!ENTITY", at: j) {
                    var k = j + 8
                    while k < n && Self.isSpace(bytes[k]) { k += 1 }
                    if k < n && bytes[k] == 0x25 {  // parameter entity
                        k += 1
                        while k < n && Self.isSpace(bytes[k]) { k += 1 }
                    }
                    let start = k
                    while k < n && Self.isNameByte(bytes[k]) { k += 1 }
                    if k > start { declaredEntities.insert(String(decoding: bytes[start..<k], as: UTF8.self)) }
                }
            case 0x3E:
                if bracketDepth == 0 { return j + 1 }
            default:
                break
            }
            j += 1
        }
        warn("unterminated DOCTYPE", at: i)
        return n
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
    }

    private func name(from i: Int) -> (String, end: Int) {
        var j = i
        while j < bytes.count && Self.isNameByte(bytes[j]) { j += 1 }
        return (String(decoding: bytes[i..<j], as: UTF8.self), j)
    }

    // MARK: - Start tags

    private mutating func readStartTag(at i: Int) -> Int {
        let n = bytes.count
        let (qualifiedName, nameEnd) = name(from: i + 1)
        var j = nameEnd
        var rawAttributes: [(name: String, value: String)] = []
        var selfClosing = false
        var closed = false
        while j < n {
            let b = bytes[j]
            if Self.isSpace(b) {
                j += 1
                continue
            }
            if b == 0x3E {
                j += 1
                closed = true
                break
            }
            if b == 0x2F {
                if j + 1 < n && bytes[j + 1] == 0x3E {
                    selfClosing = true
                    closed = true
                    j += 2
                    break
                }
                j += 1
                continue
            }
            if b == 0x3C {  // a new tag begins: this one was never closed
                break
            }
            guard Self.isNameByte(b) else {
                j += 1
                continue
            }
            let (attributeName, attributeEnd) = name(from: j)
            j = attributeEnd
            while j < n && Self.isSpace(bytes[j]) { j += 1 }
            guard j < n, bytes[j] == 0x3D else {
                rawAttributes.append((attributeName, attributeName))
                continue
            }
            j += 1
            while j < n && Self.isSpace(bytes[j]) { j += 1 }
            guard j < n else { break }
            var value: [UInt8] = []
            let quote = bytes[j]
            if quote == 0x22 || quote == 0x27 {
                j += 1
                while j < n && bytes[j] != quote {
                    if bytes[j] == 0x26 {
                        j = readReference(at: j, into: &value, inAttribute: true)
                    } else {
                        let c = bytes[j]
                        value.append(c == 0x0A || c == 0x09 || c == 0x0D ? 0x20 : c)
                        j += 1
                    }
                }
                j += 1
            } else {
                while j < n && !Self.isSpace(bytes[j]) && bytes[j] != 0x3E {
                    if bytes[j] == 0x26 {
                        j = readReference(at: j, into: &value, inAttribute: true)
                    } else {
                        value.append(bytes[j])
                        j += 1
                    }
                }
            }
            rawAttributes.append((attributeName, String(decoding: value, as: UTF8.self)))
        }
        if !closed { warn("start tag <\(Self.shown(qualifiedName))> is not closed with \">\"", at: i) }
        openElement(qualifiedName, rawAttributes: rawAttributes, selfClosing: selfClosing, offset: i)
        return min(j, n)
    }

    private mutating func openElement(
        _ qualifiedName: String,
        rawAttributes: [(name: String, value: String)],
        selfClosing: Bool,
        offset: Int
    ) {
        flushText()
        if stack.count >= Self.maximumDepth {
            if !warnedAboutDepth {
                warnedAboutDepth = true
                warn("elements nested deeper than \(Self.maximumDepth) levels were flattened", at: offset)
            }
            if !selfClosing { ignoredDepth += 1 }
            return
        }
        // Namespace declarations first, so the element's own prefix can use them.
        var declared: [String] = []
        for attribute in rawAttributes {
            let prefix: String
            if attribute.name == "xmlns" {
                prefix = ""
            } else if attribute.name.hasPrefix("xmlns:") {
                prefix = String(attribute.name.dropFirst(6))
            } else {
                continue
            }
            if prefix.isEmpty {
                defaultBindings.append(attribute.value)
            } else {
                bindings[prefix, default: []].append(attribute.value)
            }
            declared.append(prefix)
        }
        let (prefix, localName) = Self.split(qualifiedName)
        let namespace = resolve(prefix: prefix, isElement: true, offset: offset)

        // A found predecessor is popped with everything above it, so the search is paid for by their start tags.
        if openNonNesting(named: localName) > 0,
            let open = stack.lastIndex(where: { document.elements[$0].name == localName })
        {
            let unclosed = document.elements[stack[open]]
            warn(
                "<\(unclosed.qualifiedName)> from line \(document.line(at: unclosed.offset)) was not closed "
                    + "before the next <\(qualifiedName)>",
                at: offset
            )
            closeElements(downTo: open)
        }

        var attributes: [XMLDocument.Attribute] = []
        attributes.reserveCapacity(rawAttributes.count)
        var xmlBase: String?
        for attribute in rawAttributes where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
            let (attributePrefix, attributeLocal) = Self.split(attribute.name)
            let attributeNamespace =
                attributePrefix.isEmpty ? "" : resolve(prefix: attributePrefix, isElement: false, offset: offset)
            if attributeNamespace == XMLNamespace.xml && attributeLocal == "base" { xmlBase = attribute.value }
            attributes.append(.init(namespace: attributeNamespace, name: attributeLocal, value: attribute.value))
        }
        let parentBase = stack.last.map { document.elements[$0].base } ?? documentBase
        var base = parentBase
        if let xmlBase {
            base = URLResolver.resolve(xmlBase, against: parentBase)
        }
        let index = document.elements.count
        document.elements.append(
            .init(
                namespace: namespace,
                name: localName,
                qualifiedName: qualifiedName,
                attributes: attributes,
                base: base,
                offset: offset
            )
        )
        if let parent = stack.last {
            document.elements[parent].children.append(.element(index))
        } else if document.root == nil {
            document.root = index
        } else {
            warn("second root element <\(Self.shown(qualifiedName))> ignored", at: offset)
        }
        if selfClosing {
            removeBindings(declared)
        } else {
            stack.append(index)
            declaredPrefixes.append(declared)
            countNonNesting(localName, by: 1)
        }
    }

    private static func split(_ qualifiedName: String) -> (prefix: String, local: String) {
        guard let colon = qualifiedName.utf8.firstIndex(of: 0x3A) else { return ("", qualifiedName) }
        let prefix = String(qualifiedName[..<colon])
        let local = String(qualifiedName[qualifiedName.index(after: colon)...])
        return local.isEmpty ? ("", qualifiedName) : (prefix, local)
    }

    private func openNonNesting(named localName: String) -> Int {
        switch localName {
        case "item": openItems
        case "entry": openEntries
        default: 0
        }
    }

    private mutating func countNonNesting(_ localName: String, by change: Int) {
        switch localName {
        case "item": openItems += change
        case "entry": openEntries += change
        default: break
        }
    }

    private mutating func removeBindings(_ prefixes: [String]) {
        for prefix in prefixes {
            if prefix.isEmpty {
                defaultBindings.removeLast()
                continue
            }
            bindings[prefix]?.removeLast()
            if bindings[prefix]?.isEmpty == true { bindings[prefix] = nil }
        }
    }

    /// Short enough to quote in a warning, however long the name in the document.
    private static func shown(_ name: String) -> String {
        name.utf8.count <= 64 ? name : String(name.prefix(64)) + "…"
    }

    private mutating func resolve(prefix: String, isElement: Bool, offset: Int) -> String {
        if prefix.isEmpty { return defaultBindings.last ?? "" }
        if prefix == "xml" { return XMLNamespace.xml }
        if let uri = bindings[prefix]?.last { return uri }
        if let assumed = undeclaredPrefixes[prefix] { return assumed }
        let assumed: String
        if let known = XMLNamespace.conventional[prefix.lowercased()] {
            warn("namespace prefix \"\(Self.shown(prefix))\" is not declared; assumed \(known)", at: offset)
            assumed = known
        } else {
            warn("namespace prefix \"\(Self.shown(prefix))\" is not declared", at: offset)
            assumed = "urn:undeclared:" + prefix
        }
        undeclaredPrefixes[prefix] = assumed
        return assumed
    }

    // MARK: - End tags

    private mutating func readEndTag(at i: Int) -> Int {
        let (qualifiedName, nameEnd) = name(from: i + 2)
        let end = skip(past: 0x3E, from: nameEnd)
        flushText()
        if ignoredDepth > 0 {
            ignoredDepth -= 1
            return end
        }
        if let top = stack.last, document.elements[top].qualifiedName == qualifiedName {
            closeElements(downTo: stack.count - 1)
            return end
        }
        var position: Int?
        if endTagSearchBudget > 0 {
            position = stack.lastIndex(where: { document.elements[$0].qualifiedName == qualifiedName })
            endTagSearchBudget -= stack.count - (position ?? 0)
        }
        guard let position else {
            warn("stray end tag </\(Self.shown(qualifiedName))> ignored", at: i)
            return end
        }
        if position != stack.count - 1 {
            let unclosed = stack[(position + 1)...].prefix(5).map {
                "<\(Self.shown(document.elements[$0].qualifiedName))>"
            }
            warn("unclosed \(unclosed.joined(separator: ", ")) closed by </\(Self.shown(qualifiedName))>", at: i)
        }
        closeElements(downTo: position)
        return end
    }

    /// Closes the open elements from the top of the stack down to and including `position`.
    private mutating func closeElements(downTo position: Int) {
        while stack.count > position {
            let index = stack.removeLast()
            let declared = declaredPrefixes.removeLast()
            if !declared.isEmpty { removeBindings(declared) }
            countNonNesting(document.elements[index].name, by: -1)
        }
    }

    // MARK: - References

    /// Decodes the reference at `i` (which holds `&`) into `output`; returns the index after it.
    private mutating func readReference(at i: Int, into output: inout [UInt8], inAttribute: Bool) -> Int {
        let n = bytes.count
        var j = i + 1
        if j < n && bytes[j] == 0x23 {  // &#
            j += 1
            var isHex = false
            if j < n && (bytes[j] == 0x78 || bytes[j] == 0x58) {
                isHex = true
                j += 1
            }
            let digitsStart = j
            var value: UInt32 = 0
            var overflow = false
            while j < n {
                let b = bytes[j]
                let digit: UInt32
                if b >= 0x30 && b <= 0x39 {
                    digit = UInt32(b - 0x30)
                } else if isHex && b >= 0x61 && b <= 0x66 {
                    digit = UInt32(b - 0x61 + 10)
                } else if isHex && b >= 0x41 && b <= 0x46 {
                    digit = UInt32(b - 0x41 + 10)
                } else {
                    break
                }
                if value > 0x10FFFF { overflow = true } else { value = value * (isHex ? 16 : 10) + digit }
                j += 1
            }
            guard j > digitsStart else {
                ampersandAsText(at: i, into: &output)
                return i + 1
            }
            if j < n && bytes[j] == 0x3B { j += 1 }
            FeedTextDecoder.appendUTF8(Self.scalar(forCharacterReference: overflow ? 0x110000 : value), to: &output)
            return j
        }
        let nameStart = j
        while j < n && j - nameStart < 32 && Self.isNameByte(bytes[j]) { j += 1 }
        guard j > nameStart, j < n, bytes[j] == 0x3B else {
            // `&copy 2024`: like browsers and feedparser, decode a known name even without its ";" (in text
            // only, and not before "=": in query strings such as `?a=1&copy=2` it is a parameter name).
            if !inAttribute, j > nameStart, j == n || bytes[j] != 0x3D,
                let scalar = Self.knownEntity(bytes[nameStart..<j])
            {
                warn("entity &\(String(decoding: bytes[nameStart..<j], as: UTF8.self)) lacks its \";\"", at: i)
                FeedTextDecoder.appendUTF8(scalar, to: &output)
                return j
            }
            ampersandAsText(at: i, into: &output)
            return i + 1
        }
        let entityName = String(decoding: bytes[nameStart..<j], as: UTF8.self)
        switch entityName {
        case "amp": output.append(0x26)
        case "lt": output.append(0x3C)
        case "gt": output.append(0x3E)
        case "quot": output.append(0x22)
        case "apos": output.append(0x27)
        default:
            if let codePoint = XMLEntities.codePoint(named: entityName), let scalar = Unicode.Scalar(codePoint) {
                FeedTextDecoder.appendUTF8(scalar, to: &output)
            } else {
                if declaredEntities.contains(entityName) {
                    warn(
                        "entity &\(entityName); is declared in the DOCTYPE, which is never expanded; kept as text",
                        at: i
                    )
                } else {
                    warn("undefined entity &\(entityName); kept as text", at: i)
                }
                if inAttribute || !stack.isEmpty { output.append(contentsOf: bytes[i...j]) }
            }
        }
        return j + 1
    }

    /// The character a predefined XML or HTML 4 entity name stands for, or nil.
    static func knownEntity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard name.count <= 8 else { return nil }
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case let other: return XMLEntities.codePoint(named: other).flatMap(Unicode.Scalar.init)
        }
    }

    private mutating func ampersandAsText(at i: Int, into output: inout [UInt8]) {
        if !warnedAboutBareAmpersand {
            warnedAboutBareAmpersand = true
            warn("a bare \"&\" that starts no entity was kept as text", at: i)
        }
        output.append(0x26)
    }

    /// The scalar for `&#value;`: C1 controls read as windows-1252 (as browsers and feedparser do);
    /// NUL, surrogates and out-of-range values become U+FFFD.
    static func scalar(forCharacterReference value: UInt32) -> Unicode.Scalar {
        if value >= 0x80 && value <= 0x9F {
            let table: [UInt32] = [
                0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152,
                0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122,
                0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
            ]
            return Unicode.Scalar(table[Int(value) - 0x80]) ?? "\u{FFFD}"
        }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
