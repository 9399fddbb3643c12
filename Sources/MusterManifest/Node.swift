/// A YAML node with the place it was written, as the YAML layer builds it from libyaml's events.
///
/// Aliases are already replaced by the node they refer to and `<<` merge keys are already applied,
/// so the manifest decoder sees a plain tree.
package struct Node: Sendable {
    /// How a scalar was written: it decides whether `yes` is a boolean or a string.
    package enum ScalarStyle: Sendable, Hashable {
        /// Unquoted.
        case plain
        /// `'…'` or `"…"`.
        case quoted
        /// `|` or `>` blocks.
        case block
    }

    /// A key–value pair of a mapping, keys kept with their own locations.
    package struct Pair: Sendable {
        /// The key's text.
        package var key: String
        /// Where the key was written.
        package var keyLocation: SourceLocation
        /// The value.
        package var value: Node
    }

    /// The shape of a node.
    package enum Kind: Sendable {
        /// A scalar: its text, how it was written, and an explicit tag such as `!!str`, if any.
        case scalar(String, ScalarStyle, tag: String?)
        /// A sequence.
        case sequence([Node])
        /// A mapping in written order (after merge keys were applied).
        case mapping([Pair])
    }

    /// What the node holds.
    package var kind: Kind
    /// Where the node starts.
    package var location: SourceLocation
    /// `!reset` or `!override` written on the node, which say how it merges (`ManifestMerge`).
    package var directive: MergeDirective?

    /// Creates a node.
    package init(_ kind: Kind, at location: SourceLocation, directive: MergeDirective? = nil) {
        self.kind = kind
        self.location = location
        self.directive = directive
    }
}

/// docker compose's merge tags: how a value of a later file (or of an entry that `extends` another)
/// combines with what came before.
package enum MergeDirective: Sendable, Hashable {
    /// `!reset`: the value is removed, with whatever files before it set there.
    case reset
    /// `!override`: the value replaces what came before instead of merging with it.
    case override

    /// The directive a YAML tag spells (`!reset`, `!override`), or nil.
    package init?(tag: String?) {
        switch tag {
        case "!reset": self = .reset
        case "!override": self = .override
        default: return nil
        }
    }
}

extension Node {
    /// The scalar's text, or nil for collections.
    package var scalarText: String? {
        if case .scalar(let text, _, _) = kind { return text }
        return nil
    }

    /// Whether this is YAML null: `~`, `null`, or nothing at all (plain, untagged).
    package var isNull: Bool {
        guard case .scalar(let text, .plain, let tag) = kind, tag == nil else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// The YAML 1.1 type of a scalar (as PyYAML reads it), or nil for collections.
    package var scalarType: ScalarType? {
        guard case .scalar(let text, let style, let tag) = kind else { return nil }
        return ScalarType(text, style: style, tag: tag)
    }

    /// A short word for the node's type in messages: "a mapping", "a list", "a string", "null".
    package var typeDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return isNull ? "null" : scalarType?.description ?? "a string"
        }
    }
}

extension [Node.Pair] {
    /// The pair whose key is `key`, if any. Searched by index, keys compared in place: only the
    /// pair found is copied (`first(where:)` copies each pair it passes, values and all).
    package func pair(_ key: String) -> Node.Pair? {
        for index in indices where self[index].key == key { return self[index] }
        return nil
    }
}

/// The boolean a plain YAML 1.1 scalar spells (`true`/`false`, `yes`/`no`, `on`/`off`, `y`/`n`), or nil.
///
/// Wider than `ScalarType` (PyYAML leaves `y` and `n` strings): this is what `daemon:` accepts.
package func yamlBoolean(_ text: String) -> Bool? {
    switch text {
    case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
    case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
    default: return nil
    }
}
