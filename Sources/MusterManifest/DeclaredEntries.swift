/// One entry of `processes` as a file declares it, before merging: its name, where the name is
/// written, and its body.
struct DeclaredEntry {
    /// The name: the mapping key, the list item's `name:`, or `Process-N`.
    var name: String
    /// Where the name is written (the key, the `name:` value, or the list item).
    var nameLocation: SourceLocation
    /// The entry's spec as written.
    var body: Node
    /// Whether the name is a mapping key (rather than a list item's `name:` or position).
    var fromKey: Bool
}

extension DecodingContext {
    /// The entries of one file's `processes` (a mapping, or a list whose unnamed items are
    /// `Process-N`, N their position in the file), in written order. Duplicate names are reported
    /// and dropped, invalid ones reported and kept; a `processes` that is neither form, or empty,
    /// is reported.
    mutating func declaredEntries(_ node: Node) -> [DeclaredEntry] {
        var named: [DeclaredEntry] = []
        switch node.kind {
        case .mapping(let pairs):
            for pair in pairs {
                if case .mapping(let fields) = pair.value.kind, let field = fields.pair("name"),
                    let text = string(field.value, "'name'"), text != pair.key
                {
                    error(
                        "'name: \(text)' differs from the process's key '\(pair.key)'; in the mapping form the key is the name",
                        at: field.value.location)
                }
                named.append(
                    DeclaredEntry(name: pair.key, nameLocation: pair.keyLocation, body: pair.value, fromKey: true))
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                var name = "Process-\(index + 1)"
                var location = item.location
                if case .mapping(let pairs) = item.kind, let field = pairs.pair("name"),
                    let text = string(field.value, "'name'")
                {
                    name = text
                    location = field.value.location
                }
                named.append(DeclaredEntry(name: name, nameLocation: location, body: item, fromKey: false))
            }
        default:
            error(
                "'processes' must be a mapping of names to process specs, or a list of specs, not \(node.typeDescription)",
                at: node.location)
            return []
        }
        if named.isEmpty {
            error("'processes' is empty; declare at least one process", at: node.location)
        }
        var seen = NameTable(minimumCapacity: named.count)
        var unique: [DeclaredEntry] = []
        unique.reserveCapacity(named.count)
        for entry in named {
            if let position = seen.insert(unique.count, forKey: entry.name) {
                let first = unique[position].nameLocation
                error(
                    "duplicate process name '\(entry.name)'; names must be unique",
                    at: entry.nameLocation, notes: [.init("'\(entry.name)' is first declared here", at: first)])
                continue
            }
            if !ManifestDecoder.isValidProcessName(entry.name) {
                error(
                    "invalid process name '\(entry.name)': use letters, digits, '.', '_' and '-', starting with a letter or digit",
                    at: entry.nameLocation)
            }
            unique.append(entry)
        }
        return unique
    }
}
