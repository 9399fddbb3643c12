/// A YAML document as the exporters build it: scalars, sequences and mappings with their keys in
/// the order written, and comments above mapping keys.
indirect enum YAMLNode: Sendable, Hashable {
    /// A string, quoted as needed when written.
    case string(String)
    /// An integer.
    case integer(Int)
    /// A boolean.
    case boolean(Bool)
    /// A sequence.
    case sequence([YAMLNode])
    /// A mapping, in the order given.
    case mapping([YAMLPair])

    /// A sequence of strings.
    static func strings(_ items: [String]) -> YAMLNode { .sequence(items.map(YAMLNode.string)) }
}

/// One key of a mapping, with the comment lines written above it.
struct YAMLPair: Sendable, Hashable {
    /// The key.
    var key: String
    /// The value.
    var value: YAMLNode
    /// Comment lines (without `# `) written above the key.
    var comments: [String]

    init(_ key: String, _ value: YAMLNode, comments: [String] = []) {
        self.key = key
        self.value = value
        self.comments = comments
    }
}

/// Builds a mapping whose optional values are left out when nil: `["a": x, "b": nil]`.
struct YAMLMapping {
    private(set) var pairs: [YAMLPair] = []

    init() {}

    /// Adds `key` unless `value` is nil.
    mutating func add(_ key: String, _ value: YAMLNode?, comments: [String] = []) {
        guard let value else { return }
        pairs.append(YAMLPair(key, value, comments: comments))
    }

    /// Puts comment lines above the first key (where a whole entry's notes go).
    mutating func prependComments(_ comments: [String]) {
        guard !comments.isEmpty, !pairs.isEmpty else { return }
        pairs[0].comments = comments + pairs[0].comments
    }

    /// The mapping.
    var node: YAMLNode { .mapping(pairs) }
}
