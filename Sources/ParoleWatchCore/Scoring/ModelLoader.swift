import Foundation
import Yams

/// Loads `model.yaml`, compiles it, and checks every rule's own examples.
///
/// Problems come back all at once as `ConfigProblem`s (`FILE:LINE:COLUMN: rules[3].near: message`), like the
/// configuration's: unknown keys (with a suggestion), bad ids, references to rules that do not exist, meta
/// cycles, patterns that do not compile, phrases that normalize to nothing, and examples that do not behave.
///
/// File format:
/// ```yaml
/// threshold: 5            # a post alerts when its score reaches this
/// debunk_discount: 0.2    # claim rules inside a debunk scope count for this fraction of their weight
/// rules:
///   - id: REOPENING_CLAIM           # UPPER_SNAKE; `__ID` = building block, never scores alone
///     description: Says the parole programs are reopening
///     weight: 3.5                   # negative = evidence against
///     near: [__PAROLE, __REOPEN]    # exactly one of: phrases, near, meta, pattern, obfuscated
///     window: 8                     # near: tokens (default 8); ordered: true|false (default false)
///     role: claim                   # claim | debunk | neutral (default: by weight's sign, debunk if `scope`)
///     field: any                    # title | text | any
///     languages: [es, en]           # default: every language
///     scope: post                   # debunk cues: post | following N | quotations
///     cancels: [DEBUNK_SCAM]        # this rule's matches cancel overlapping matches of those rules
///     examples: { fire: [...], silent: [...] }
/// ```
public enum ModelLoader {
    static let topLevelKeys = ["threshold", "debunk_discount", "rules", "version"]
    static let ruleKeys = [
        "id", "description", "weight", "phrases", "near", "window", "ordered", "meta", "pattern", "obfuscated",
        "role", "field", "languages", "scope", "cancels", "examples",
    ]

    /// Reads, compiles and checks the model at `url`, or throws every problem found.
    public static func load(from url: URL) throws(ConfigError) -> RuleSet {
        // Folding every Unicode scalar takes longer than reading the YAML: start it now, on another core, so it is
        // ready (or nearly) when the phrases are normalized.
        ScalarFoldTable.prepareInBackground()
        let log = ProblemLog()
        let (path, displayPath) = ConfigLoader.paths(of: url)
        guard
            let document = YAMLDocument.load(
                path: path, displayPath: displayPath, what: "model file", reference: nil, log: log),
            let root = document.root
        else {
            if log.isEmpty { log.report(file: displayPath, at: nil, keyPath: "", "the model file is empty") }
            throw ConfigError(problems: log.sorted())
        }
        let reader = NodeReader(document: document, log: log)
        var parser = ModelParser(reader: reader)
        let parsed = parser.parse(root, fileURL: URL(fileURLWithPath: path))
        guard log.isEmpty, let model = parsed else {
            if log.isEmpty { log.report(file: displayPath, at: nil, keyPath: "", "the model is not valid") }
            throw ConfigError(problems: log.sorted())
        }
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet(model)
        } catch {
            for problem in error.problems {
                let location = parser.locations[problem.ruleID]
                log.report(
                    file: displayPath, at: location?.node.mark, keyPath: location?.keyPath ?? "rules", problem.message)
            }
            throw ConfigError(problems: log.sorted())
        }
        for failure in ruleSet.exampleFailures() {
            let location = parser.locations[failure.ruleID]
            let node = failure.firing ? location?.firing[failure.index] : location?.silent[failure.index]
            let keyPath = "\(location?.keyPath ?? "rules").examples.\(failure.firing ? "fire" : "silent")[\(failure.index)]"
            log.report(file: displayPath, at: node?.mark ?? location?.node.mark, keyPath: keyPath, failure.message)
        }
        guard log.isEmpty else { throw ConfigError(problems: log.sorted()) }
        return ruleSet
    }
}

/// Where each rule and example sits in the file, to report problems found after parsing.
struct RuleLocation {
    var node: Node
    var keyPath: String
    var firing: [Node] = []
    var silent: [Node] = []
}

/// Walks the model's YAML nodes; every problem goes to the reader's log.
struct ModelParser {
    let reader: NodeReader
    var locations: [String: RuleLocation] = [:]

    init(reader: NodeReader) {
        self.reader = reader
    }

    mutating func parse(_ root: Node, fileURL: URL) -> ScoringModel? {
        guard let fields = reader.mapping(root, "", allowed: ModelLoader.topLevelKeys, what: "the model") else {
            return nil
        }
        var threshold: Double?
        if let node = fields.value("threshold") {
            threshold = reader.number(node, "threshold", what: "a number")
        } else {
            reader.report(root, "threshold", "missing key 'threshold' (the score at which a post alerts)")
        }
        let discount = fields.value("debunk_discount").flatMap {
            reader.number($0, "debunk_discount", what: "a fraction from 0 to 1", in: 0...1)
        }
        if let node = fields.value("version"), let version = reader.integer(node, "version", in: 1...1), version != 1 {
            reader.report(node, "version", "unsupported model version")
        }
        var rules: [ModelRule] = []
        if let node = fields.value("rules"), let items = reader.list(node, "rules", what: "a list of rules") {
            for (index, item) in items.enumerated() {
                if let rule = parseRule(item, keyPath: "rules[\(index)]") { rules.append(rule) }
            }
        } else if fields.value("rules") == nil {
            reader.report(root, "rules", "missing key 'rules'")
        }
        checkReferences(rules)
        guard let threshold else { return nil }
        return ScoringModel(threshold: threshold, debunkDiscount: discount ?? 0.2, rules: rules, fileURL: fileURL)
    }

    private mutating func parseRule(_ node: Node, keyPath: String) -> ModelRule? {
        guard let fields = reader.mapping(node, keyPath, allowed: ModelLoader.ruleKeys, what: "a rule") else {
            return nil
        }
        guard let idNode = fields.value("id"), let id = reader.text(idNode, fields.path("id"), what: "a rule id") else {
            if fields.value("id") == nil { reader.report(node, fields.path("id"), "missing key 'id'") }
            return nil
        }
        let isValidID =
            !id.isEmpty && id.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !(id.first?.isNumber ?? true)
        if !isValidID {
            reader.report(idNode, fields.path("id"), "rule ids are UPPER_SNAKE (A–Z, 0–9, _), got '\(id)'")
        }
        if let first = locations[id] {
            let line = first.node.mark.map { "line \($0.line)" } ?? "earlier"
            reader.report(idNode, fields.path("id"), "duplicate rule id '\(id)'; first defined at \(line)")
            return nil
        }
        var location = RuleLocation(node: node, keyPath: keyPath)
        let weight = fields.value("weight").flatMap { reader.number($0, fields.path("weight"), what: "a number") } ?? 0
        let isBuildingBlock = id.hasPrefix("__")
        if isBuildingBlock, let weightNode = fields.value("weight"), weight != 0 {
            reader.report(weightNode, fields.path("weight"), "'__' rules are building blocks and never score: remove the weight or rename the rule")
        }
        let description = fields.value("description").flatMap {
            reader.text($0, fields.path("description"), what: "a description")
        }
        if description == nil && !isBuildingBlock && fields.value("description") == nil {
            reader.report(node, fields.path("description"), "missing key 'description' (it explains the alert to a moderator)")
        }
        let matcher = parseMatcher(fields, rule: node)
        let role = fields.value("role").flatMap { node -> ModelRule.Role? in
            guard let text = reader.text(node, fields.path("role"), what: "claim, debunk or neutral") else { return nil }
            guard let role = ModelRule.Role(rawValue: text) else {
                reader.report(node, fields.path("role"), "expected claim, debunk or neutral, got '\(text)'")
                return nil
            }
            return role
        }
        let field = fields.value("field").flatMap { node -> ModelRule.Field? in
            guard let text = reader.text(node, fields.path("field"), what: "title, text or any") else { return nil }
            guard let field = ModelRule.Field(rawValue: text) else {
                reader.report(node, fields.path("field"), "expected title, text or any, got '\(text)'")
                return nil
            }
            return field
        }
        let languages = fields.value("languages").flatMap { stringList($0, fields.path("languages"), what: "a language code") }
        let scope = fields.value("scope").flatMap { parseScope($0, fields.path("scope")) }
        if let scopeNode = fields.value("scope"), fields.value("meta") != nil {
            // Scopes are laid out from match positions before meta rules are evaluated.
            reader.report(scopeNode, fields.path("scope"), "a meta rule cannot open a scope; put it on a phrases or near rule")
        }
        if let scopeNode = fields.value("scope"), let role, role != .debunk {
            // Only debunk cues open scopes: the scope would be silently ignored.
            reader.report(
                scopeNode, fields.path("scope"), "only a debunk cue opens a scope, and this rule's role is \(role.rawValue)")
        }
        let cancels = fields.value("cancels").flatMap { stringList($0, fields.path("cancels"), what: "a rule id") } ?? []
        var firing: [String] = []
        var silent: [String] = []
        if let examples = fields.value("examples"),
            let exampleFields = reader.mapping(examples, fields.path("examples"), allowed: ["fire", "silent"], what: "examples")
        {
            for (name, key) in [("fire", true), ("silent", false)] {
                guard let list = exampleFields.value(name),
                    let items = reader.list(list, exampleFields.path(name), what: "a list of example texts")
                else { continue }
                for (index, item) in items.enumerated() {
                    guard let text = reader.text(item, "\(exampleFields.path(name))[\(index)]", what: "an example text") else {
                        continue
                    }
                    if key {
                        firing.append(text)
                        location.firing.append(item)
                    } else {
                        silent.append(text)
                        location.silent.append(item)
                    }
                }
            }
        }
        locations[id] = location
        guard let matcher else { return nil }
        return ModelRule(
            id: id, description: description ?? "", weight: weight, matcher: matcher, role: role, field: field ?? .any,
            languages: languages, scope: scope, cancels: cancels, examplesFiring: firing, examplesSilent: silent)
    }

    private func parseMatcher(_ fields: MappingFields, rule: Node) -> ModelRule.Matcher? {
        let kinds = ["phrases", "near", "meta", "pattern", "obfuscated"].filter { fields.value($0) != nil }
        guard kinds.count == 1, let kind = kinds.first, let node = fields.value(kind) else {
            let message =
                kinds.isEmpty
                ? "a rule needs one of phrases, near, meta, pattern or obfuscated"
                : "a rule has exactly one of phrases, near, meta, pattern or obfuscated; found \(kinds.joined(separator: ", "))"
            reader.report(rule, fields.keyPath, message)
            return nil
        }
        let keyPath = fields.path(kind)
        switch kind {
        case "phrases":
            guard let phrases = stringList(node, keyPath, what: "a phrase"), !phrases.isEmpty else {
                reader.report(node, keyPath, "expected a non-empty list of phrases")
                return nil
            }
            return .phrases(phrases)
        case "near":
            guard let members = stringList(node, keyPath, what: "a rule id") else { return nil }
            guard (2...4).contains(members.count) else {
                reader.report(node, keyPath, "near takes 2 to 4 rule ids, got \(members.count)")
                return nil
            }
            let window = fields.value("window").flatMap { reader.integer($0, fields.path("window"), in: 1...100) } ?? 8
            let ordered = fields.value("ordered").flatMap { boolean($0, fields.path("ordered")) } ?? false
            return .near(rules: members, window: window, ordered: ordered)
        case "meta":
            guard let text = reader.text(node, keyPath, what: "a boolean expression such as A && !B") else { return nil }
            do {
                return .meta(try RuleExpression.parse(text))
            } catch {
                reader.report(node, keyPath, "not a valid expression: \(error)")
                return nil
            }
        case "pattern":
            guard let text = reader.text(node, keyPath, what: "a regular expression") else { return nil }
            if text.count > 200 {
                reader.report(node, keyPath, "patterns are limited to 200 characters; split the rule or use phrases")
                return nil
            }
            return .pattern(text)
        default:
            guard let members = stringList(node, keyPath, what: "a rule id"), !members.isEmpty else { return nil }
            return .obfuscated(rules: members)
        }
    }

    private func parseScope(_ node: Node, _ keyPath: String) -> ModelRule.Scope? {
        guard let text = reader.text(node, keyPath, what: "post, quotations or following N") else { return nil }
        if text == "post" { return .post }
        if text == "quotations" { return .quotations }
        let words = text.split(separator: " ")
        if words.count == 2, words[0] == "following", let tokens = Int(words[1]), (1...500).contains(tokens) {
            return .following(tokens: tokens)
        }
        reader.report(
            node, keyPath, "expected 'post', 'quotations' or 'following N' (N tokens, 1–500), got '\(text)'")
        return nil
    }

    private func boolean(_ node: Node, _ keyPath: String) -> Bool? {
        guard let text = reader.text(node, keyPath, what: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            reader.report(node, keyPath, "expected true or false, got '\(text)'")
            return nil
        }
    }

    private func stringList(_ node: Node, _ keyPath: String, what: String) -> [String]? {
        guard let items = reader.list(node, keyPath, what: "a list") else { return nil }
        return items.enumerated().compactMap { index, item in reader.text(item, "\(keyPath)[\(index)]", what: what) }
    }

    /// Every rule id that `near`, `meta`, `obfuscated` or `cancels` names must exist; meta rules must not loop.
    private func checkReferences(_ rules: [ModelRule]) {
        let known = Set(rules.map(\.id))
        var references: [String: [String]] = [:]
        for rule in rules {
            let (key, names): (String, [String]) =
                switch rule.matcher {
                case .near(let members, _, _): ("near", members)
                case .meta(let expression): ("meta", expression.ruleIDs)
                case .obfuscated(let members): ("obfuscated", members)
                case .phrases, .pattern: ("", [])
                }
            references[rule.id] = names
            guard let location = locations[rule.id] else { continue }
            if key == "meta" && !rule.cancels.isEmpty {
                // A meta rule is decided while the score is summed, after every match is final: nothing to cancel.
                reader.report(
                    location.node,
                    "\(location.keyPath).cancels",
                    "a meta rule cannot cancel matches; put `cancels` on a phrases, pattern or near rule"
                )
            }
            for (field, list) in [(key, names), ("cancels", rule.cancels)] {
                for name in list where !known.contains(name) {
                    let suggestion = name.closestConfigKey(among: Array(known)).map { "; did you mean '\($0)'?" } ?? ""
                    reader.report(location.node, "\(location.keyPath).\(field)", "unknown rule '\(name)'\(suggestion)")
                }
                if list.contains(rule.id) {
                    reader.report(location.node, "\(location.keyPath).\(field)", "a rule cannot refer to itself")
                }
            }
        }
        // Cycles: depth-first over references.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ id: String) -> Bool {
            if state[id] == 2 { return false }
            if state[id] == 1 { return true }
            state[id] = 1
            defer { state[id] = 2 }
            return references[id, default: []].contains { $0 != id && known.contains($0) && visit($0) }
        }
        for rule in rules where visit(rule.id) {
            if let location = locations[rule.id] {
                reader.report(location.node, location.keyPath, "rule '\(rule.id)' depends on itself through other rules")
            }
            break
        }
    }
}
