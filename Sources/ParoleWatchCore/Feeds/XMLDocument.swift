/// A namespace-resolved element tree, stored as an arena of elements addressed by index.
///
/// Built by ``XMLReader``; feed parsers walk it. Text is kept exactly as decoded (entities and CDATA
/// resolved), so whitespace handling is left to each field.
struct XMLDocument {
    /// A child of an element: another element (an index into ``elements``) or a run of text.
    enum Child {
        case element(Int)
        case text(String)
    }

    struct Attribute {
        /// Namespace URI, "" when unqualified.
        var namespace: String
        var name: String
        var value: String
    }

    struct Element {
        /// Namespace URI, "" when none.
        var namespace: String
        /// Local name, without prefix.
        var name: String
        /// Name as written, with prefix; used to match end tags.
        var qualifiedName: String
        var attributes: [Attribute]
        var children: [Child] = []
        /// The effective base URI (`xml:base` resolved against the parent's base, or the document URL).
        var base: String?
        /// Byte offset of the start tag in the UTF-8 document, for line numbers.
        var offset: Int

        /// The value of the attribute `name` in `namespace` ("" for unqualified attributes).
        func attribute(_ name: String, namespace: String = "") -> String? {
            for attribute in attributes where attribute.name == name && attribute.namespace == namespace {
                return attribute.value
            }
            return nil
        }
    }

    var elements: [Element] = []
    var root: Int?
    var warnings: [String] = []
    /// Line numbers for the UTF-8 bytes the tree was read from.
    let lineIndex: LineIndex

    /// Element children of `index`, in document order.
    func childElements(of index: Int) -> [Int] {
        elements[index].children.compactMap {
            if case .element(let child) = $0 { child } else { nil }
        }
    }

    /// Whether `index` contains any element (not just text).
    func hasElementChildren(_ index: Int) -> Bool {
        elements[index].children.contains {
            if case .element = $0 { true } else { false }
        }
    }

    /// All text inside `index`, descendants included, concatenated.
    func textContent(of index: Int) -> String {
        let children = elements[index].children
        if children.count == 1, case .text(let text) = children[0] { return text }
        var result = ""
        appendText(of: index, to: &result)
        return result
    }

    private func appendText(of index: Int, to result: inout String) {
        for child in elements[index].children {
            switch child {
            case .text(let text): result += text
            case .element(let element): appendText(of: element, to: &result)
            }
        }
    }

    /// The children of `index` serialized back to markup (prefixes dropped), for embedded HTML/XHTML.
    func innerXML(of index: Int) -> String {
        var result = ""
        appendInnerXML(of: index, to: &result, depth: 0)
        return result
    }

    private func appendInnerXML(of index: Int, to result: inout String, depth: Int) {
        for child in elements[index].children {
            switch child {
            case .text(let text):
                result += Self.escaped(text, quotes: false)
            case .element(let element):
                let e = elements[element]
                result += "<" + e.name
                for attribute in e.attributes where attribute.namespace.isEmpty {
                    result += " " + attribute.name + "=\"" + Self.escaped(attribute.value, quotes: true) + "\""
                }
                result += ">"
                appendInnerXML(of: element, to: &result, depth: depth + 1)
                result += "</" + e.name + ">"
            }
        }
    }

    static func escaped(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || (quotes && $0 == 0x22) })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// The 1-based line of a byte offset.
    func line(at offset: Int) -> Int {
        lineIndex.line(at: offset)
    }
}
