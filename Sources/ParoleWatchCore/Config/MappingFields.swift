import Yams

/// The accepted keys of one mapping, in file order, with the mapping's own position for missing-key problems.
struct MappingFields {
    let node: Node
    let keyPath: String
    var entries: [(name: String, key: Node, value: Node)] = []

    init(node: Node, keyPath: String) {
        self.node = node
        self.keyPath = keyPath
    }

    /// The key path of `name` inside this mapping.
    func path(_ name: String) -> String {
        keyPath.isEmpty ? name : "\(keyPath).\(name)"
    }

    func keyNode(_ name: String) -> Node? {
        entries.first { $0.name == name }?.key
    }

    subscript(_ name: String) -> Node? {
        entries.first { $0.name == name }?.value
    }

    /// The value of `name` if present and not null; a null value counts as absent.
    func value(_ name: String) -> Node? {
        guard let value = self[name], !value.isYAMLNull else { return nil }
        return value
    }
}
