import Yams

/// Reads typed values out of one `YAMLDocument`, reporting each wrong value to the shared `ProblemLog` at the
/// value's own position and key path, and returning nil for it so the caller can go on to the next key.
struct NodeReader {
    let document: YAMLDocument
    let log: ProblemLog

    var file: String { document.displayPath }

    /// `written` (a path from this file) as the user would reach it: joined to this file's folder as the caller
    /// named it, so it stays relative to the current folder when the file's own name was.
    func displayPath(_ written: String) -> String {
        ConfigPaths.join(ConfigPaths.folder(of: document.displayPath), written)
    }

    func report(_ node: Node?, _ keyPath: String, _ message: String) {
        log.report(file: file, at: node?.mark, keyPath: keyPath, message)
    }

    /// The keys of the mapping at `node`, checked against `allowed`: unknown keys (with a suggestion), repeated
    /// keys and non-text keys are reported; nil (and a problem) when `node` is not a mapping.
    ///
    /// YAML merge keys (`<<: *defaults`, or a list of aliases) are honored: keys written in the mapping win over
    /// merged ones, and earlier merged mappings over later ones. Keys starting with `ignoredPrefix` (`x-` at the
    /// top level, a place to park anchors) are skipped.
    func mapping(
        _ node: Node,
        _ keyPath: String,
        allowed: [String],
        what: String,
        ignoredPrefix: String? = nil
    ) -> MappingFields? {
        guard case .mapping(let mapping) = node else {
            report(node, keyPath, "expected \(what) (a mapping of keys to values), got \(node.problemDescription)")
            return nil
        }
        var fields = MappingFields(node: node, keyPath: keyPath)
        var seen: [String: Node] = [:]
        var merges: [Node] = []
        for (key, value) in mapping {
            guard let name = document.keyText(key) else {
                report(key, keyPath, "keys must be text, got \(key.problemDescription)")
                continue
            }
            let path = fields.path(name)
            if let first = seen[name] {
                let where1 = first.mark.map { "line \($0.line), column \($0.column)" } ?? "earlier"
                report(key, path, "duplicate key '\(name)'; it is first set at \(where1)")
                continue
            }
            if name == "<<", key.isPlainYAMLScalar {
                merges.append(value)
                continue
            }
            seen[name] = key
            if let ignoredPrefix, name.hasPrefix(ignoredPrefix) {
                continue
            }
            accept(name, key, value, allowed: allowed, into: &fields)
        }
        for merge in merges {
            let sources: [Node]
            switch merge {
            case .mapping: sources = [merge]
            case .sequence(let list): sources = Array(list)
            default: sources = []
            }
            for source in sources {
                guard case .mapping(let merged) = source else {
                    report(
                        source,
                        fields.path("<<"),
                        "expected a mapping to merge (such as *defaults), got \(source.problemDescription)"
                    )
                    continue
                }
                for (key, value) in merged {
                    guard let name = document.keyText(key), seen[name] == nil else { continue }
                    seen[name] = key
                    accept(name, key, value, allowed: allowed, into: &fields)
                }
            }
            if sources.isEmpty {
                report(
                    merge,
                    fields.path("<<"),
                    "expected a mapping or a list of mappings to merge, got \(merge.problemDescription)"
                )
            }
        }
        return fields
    }

    private func accept(_ name: String, _ key: Node, _ value: Node, allowed: [String], into fields: inout MappingFields)
    {
        guard allowed.contains(name) else {
            let hint =
                name.closestConfigKey(among: allowed).map { "did you mean '\($0)'?" }
                ?? "valid keys here are \(allowed.joined(separator: ", "))"
            report(key, fields.path(name), "unknown key '\(name)'; \(hint)")
            return
        }
        fields.entries.append((name, key, value))
    }

    /// A non-empty text value; `what` names the expected value ("a feed id").
    func text(_ node: Node, _ keyPath: String, what: String, quoteValue: Bool = true) -> String? {
        switch node {
        case .scalar(let scalar) where !node.isYAMLNull:
            if scalar.string.isEmpty {
                report(node, keyPath, "expected \(what), got empty text")
                return nil
            }
            return scalar.string
        default:
            let got = quoteValue || !node.isYAMLScalar ? node.problemDescription : "something else"
            report(node, keyPath, "expected \(what), got \(got)")
            return nil
        }
    }

    /// A duration within `range`.
    func duration(_ node: Node, _ keyPath: String, in range: ClosedRange<Duration>) -> Duration? {
        guard let raw = text(node, keyPath, what: "a duration such as 20s") else { return nil }
        guard let value = DurationParser.parse(raw) else {
            let isBareNumber = !raw.isEmpty && raw.allSatisfy { $0.isNumber || $0 == "." }
            report(
                node,
                keyPath,
                isBareNumber
                    ? "expected a duration such as 20s, got '\(raw)'; add a unit: ms, s, m, h or d"
                    : "expected a duration such as 20s, 10m or 1h30m, got '\(raw)'"
            )
            return nil
        }
        guard range.contains(value) else {
            let bounds =
                range.upperBound >= .seconds(Int64.max / 2)
                ? "at least \(DurationParser.format(range.lowerBound))"
                : "between \(DurationParser.format(range.lowerBound)) and \(DurationParser.format(range.upperBound))"
            report(node, keyPath, "must be \(bounds), got \(DurationParser.format(value))")
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    func integer(_ node: Node, _ keyPath: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = text(node, keyPath, what: "a whole number") else { return nil }
        guard let value = Int(raw.trimmingConfigSpaces()) else {
            report(node, keyPath, "expected a whole number, got '\(raw)'")
            return nil
        }
        guard range.contains(value) else {
            report(node, keyPath, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
            return nil
        }
        return value
    }

    /// A size in bytes within `range`.
    func byteSize(_ node: Node, _ keyPath: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = text(node, keyPath, what: "a size such as 15MiB") else { return nil }
        guard let value = ByteSizeParser.parse(raw) else {
            report(node, keyPath, "expected a size such as 512KiB or 15MiB, got '\(raw)'")
            return nil
        }
        guard range.contains(value) else {
            let bounds = "\(ByteSizeParser.format(range.lowerBound)) and \(ByteSizeParser.format(range.upperBound))"
            report(node, keyPath, "must be between \(bounds), got \(raw)")
            return nil
        }
        return value
    }

    /// A finite number, optionally within `range`.
    func number(_ node: Node, _ keyPath: String, what: String, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let raw = text(node, keyPath, what: what) else { return nil }
        let trimmed = String(raw.trimmingConfigSpaces())
        let infinities = [".inf", "+.inf", "-.inf", ".nan", "inf", "+inf", "-inf", "nan", "infinity", "-infinity"]
        if infinities.contains(trimmed.lowercased()) {
            report(node, keyPath, "must be a finite number, got '\(raw)'")
            return nil
        }
        guard let value = Double(trimmed), value.isFinite else {
            report(node, keyPath, "expected \(what), got '\(raw)'")
            return nil
        }
        if let range, !range.contains(value) {
            let bounds = "\(Self.format(range.lowerBound)) and \(Self.format(range.upperBound))"
            report(node, keyPath, "must be between \(bounds), got \(raw)")
            return nil
        }
        return value
    }

    /// `2` for 2.0, `0.5` for 0.5: bounds read as the user would write them.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The items of a list, or nil (and a problem) when `node` is not one.
    func list(_ node: Node, _ keyPath: String, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, keyPath, "expected \(what), got \(node.problemDescription)")
            return nil
        }
        return Array(sequence)
    }
}

extension Node {
    var isPlainYAMLScalar: Bool {
        if case .scalar(let scalar) = self { return scalar.style == .plain || scalar.style == .any }
        return false
    }

    var isYAMLScalar: Bool {
        if case .scalar = self { return true }
        return false
    }
}
