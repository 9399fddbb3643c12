/// Every merge rule in one place, applied to located `Node` trees before decoding, as docker
/// compose keeps its rules in `override/merge.go`: several `-f` files, an override file, an entry
/// that `extends` another, all merge through `merge(_:_:at:)`. A merged value keeps the location
/// of the file and line that set it, so diagnostics and relative paths follow it.
///
/// The rules, by path (`*` is any process name):
/// - mappings merge key by key (the default);
/// - scalars, lists and `command` (also `ready.exec`) are replaced;
/// - `env` merges by variable, in either form (`{A: 1}` or `[A=1]`);
/// - `depends_on` merges by name (list, mapping, or one of each), `watch` by path;
/// - `env_file` lists are appended; `profiles` are joined;
/// - `ready`: a later check (`exec`, `tcp`, `http`, `log`) replaces the earlier one, timings merge;
/// - `!reset` removes a value (and what came before it); `!override` replaces instead of merging.
///
/// A `!reset` value stays in the tree as a tombstone while merging goes on (so that a file after
/// it may set the value again, and `extends` cannot bring it back); `finalized(_:)` removes them.
package enum ManifestMerge {
    /// How values at one path combine.
    enum Rule: Sendable {
        /// Mappings key by key; anything else replaced.
        case mapping
        /// The later value wins.
        case replace
        /// `env`: by variable name.
        case environment
        /// `depends_on`: by dependency name.
        case dependencies
        /// `watch`: a list of paths, or `{paths, ignore, debounce}`.
        case watch
        /// Lists joined without repeats (`profiles`, `watch.paths`).
        case union
        /// Lists appended (`env_file`).
        case append
        /// `ready`: a later check replaces the earlier one.
        case probe
    }

    /// The rules that differ from `.mapping`, by path.
    static let rules: [String: Rule] = [
        "env": .environment, "env_file": .append,
        "processes.*.command": .replace, "processes.*.env": .environment, "processes.*.env_file": .append,
        "processes.*.depends_on": .dependencies, "processes.*.watch": .watch,
        "processes.*.watch.paths": .union, "processes.*.watch.ignore": .union, "processes.*.profiles": .union,
        "processes.*.ready": .probe, "processes.*.ready.exec": .replace, "processes.*.extends": .replace,
    ]

    /// The tag of the condition a `depends_on` list item leaves to the default (`ready` for a
    /// daemon, `succeeded` for a job), when a list merges with a mapping.
    package static let defaultConditionTag = "tag:muster.dev,2026:default-condition"

    /// The path of `key` inside the value at `path`: `processes.*` for a process, else dotted.
    static func path(_ key: String, in path: String) -> String {
        switch path {
        case "": return key
        case "processes": return "processes.*"
        default: return path + "." + key
        }
    }

    /// `override` merged over `base`, both found at `path` (`env`, `processes.*`,
    /// `processes.*.depends_on`, …). Never fails: a value of another shape replaces.
    package static func merge(_ base: Node, _ override: Node, at path: String) -> Node {
        if override.directive == .reset { return override }
        if base.directive == .reset || override.directive == .override { return override }
        var merged: Node
        switch rules[path] ?? .mapping {
        case .replace:
            return override
        case .mapping:
            guard case .mapping(let old) = base.kind, case .mapping(let new) = override.kind else { return override }
            merged = Node(.mapping(mergePairs(old, new, at: path)), at: base.location)
        case .environment:
            guard let old = variables(base), let new = variables(override) else { return override }
            merged = Node(.mapping(mergePairs(old, new, at: path)), at: base.location)
        case .dependencies:
            merged = mergeDependencies(base, override, at: path) ?? override
        case .watch:
            if case .sequence = base.kind, case .sequence = override.kind {
                merged = union(base, override)
            } else {
                guard let old = watchMapping(base), let new = watchMapping(override) else { return override }
                merged = Node(.mapping(mergePairs(old, new, at: path)), at: base.location)
            }
        case .union:
            guard case .sequence = base.kind, case .sequence = override.kind else { return override }
            merged = union(base, override)
        case .append:
            guard let old = items(base), let new = items(override) else { return override }
            merged = Node(.sequence(old + new), at: base.location)
        case .probe:
            guard case .mapping(var old) = base.kind, case .mapping(let new) = override.kind else { return override }
            let checks = ["exec", "tcp", "http", "log"]
            if new.contains(where: { checks.contains($0.key) }) { old.removeAll { checks.contains($0.key) } }
            merged = Node(.mapping(mergePairs(old, new, at: path)), at: base.location)
        }
        merged.directive = base.directive
        return merged
    }

    /// Pairs of `new` merged into `old` by key: old keys keep their place, new ones come after.
    static func mergePairs(_ old: [Node.Pair], _ new: [Node.Pair], at path: String) -> [Node.Pair] {
        var result = old
        result.reserveCapacity(old.count + new.count)
        // Small mappings (process specs, env) are searched; large ones (processes) indexed.
        var index: [String: Int]?
        if old.count + new.count > 16 {
            index = Dictionary(old.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for pair in new {
            let found = index.map { $0[pair.key] } ?? result.firstIndex { $0.key == pair.key }
            if let position = found {
                result[position].value = merge(result[position].value, pair.value, at: Self.path(pair.key, in: path))
            } else {
                index?[pair.key] = result.count
                result.append(pair)
            }
        }
        return result
    }

    /// `env` as pairs: a mapping as written; compose's list (`A=1`, `B`) as `A: "1"`, `B: ~`.
    /// Nil when an item is not a string, which the decoder then reports.
    static func variables(_ node: Node) -> [Node.Pair]? {
        switch node.kind {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items):
            var pairs: [Node.Pair] = []
            for item in items {
                guard case .scalar(let text, let style, let tag) = item.kind, item.scalarType == .string else {
                    return nil
                }
                guard let equals = text.firstIndex(of: "=") else {
                    let passThrough = Node(.scalar("", .plain, tag: nil), at: item.location)
                    pairs.append(Node.Pair(key: text, keyLocation: item.location, value: passThrough))
                    continue
                }
                let key = String(text[..<equals])
                let value = String(text[text.index(after: equals)...])
                // The value is quoted (so `A=` stays an empty string) and placed one column before
                // its text, where a quote would be, so that `${…}` problems point into it.
                let offset = key.unicodeScalars.count + (style == .quoted ? 1 : 0)
                let at = text.contains("\n") || style == .block ? item.location : item.location.advanced(by: offset)
                pairs.append(
                    Node.Pair(
                        key: key, keyLocation: item.location,
                        value: Node(.scalar(value, style == .block ? .block : .quoted, tag: tag), at: at)))
            }
            return pairs
        case .scalar:
            return nil
        }
    }

    /// `depends_on` merged by name; a list item without a condition keeps the default one.
    static func mergeDependencies(_ base: Node, _ override: Node, at path: String) -> Node? {
        if case .sequence = base.kind, case .sequence = override.kind { return union(base, override) }
        guard let old = dependencyPairs(base), let new = dependencyPairs(override) else { return nil }
        return Node(.mapping(mergePairs(old, new, at: path)), at: base.location)
    }

    /// `depends_on` as name → condition pairs; list items get the default-condition marker.
    static func dependencyPairs(_ node: Node) -> [Node.Pair]? {
        switch node.kind {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items):
            var pairs: [Node.Pair] = []
            for item in items {
                guard let name = item.scalarText, item.scalarType == .string else { return nil }
                let marker = Node(.scalar("", .plain, tag: defaultConditionTag), at: item.location)
                pairs.append(Node.Pair(key: name, keyLocation: item.location, value: marker))
            }
            return pairs
        case .scalar:
            return nil
        }
    }

    /// `watch` as a mapping: a list of paths is `{paths: [...]}`.
    static func watchMapping(_ node: Node) -> [Node.Pair]? {
        switch node.kind {
        case .mapping(let pairs): return pairs
        case .sequence: return [Node.Pair(key: "paths", keyLocation: node.location, value: node)]
        case .scalar: return nil
        }
    }

    /// The items of a list, or a lone string as one item.
    static func items(_ node: Node) -> [Node]? {
        switch node.kind {
        case .sequence(let items): return items
        case .scalar where !node.isNull: return [node]
        default: return nil
        }
    }

    /// The items of `base`, then those of `override` it lacks (compared by text); a `!reset` item
    /// of `override` takes its text out.
    static func union(_ base: Node, _ override: Node) -> Node {
        guard case .sequence(var items) = base.kind, case .sequence(let added) = override.kind else { return override }
        for item in added {
            if item.directive == .reset, let text = item.scalarText {
                items.removeAll { $0.scalarText == text }
                continue
            }
            if let text = item.scalarText, items.contains(where: { $0.scalarText == text && $0.directive != .reset }) {
                continue
            }
            items.append(item)
        }
        return Node(.sequence(items), at: base.location, directive: base.directive)
    }

    /// The tree as the decoder reads it: `!reset` values removed (mapping keys and list items),
    /// `!override` marks dropped; nil when the node itself was reset.
    package static func finalized(_ node: Node) -> Node? {
        if node.directive == .reset { return nil }
        var node = node
        node.directive = nil
        switch node.kind {
        case .scalar(let text, let style, let tag):
            if MergeDirective(tag: tag) != nil { node.kind = .scalar(text, style, tag: nil) }
        case .sequence(let items):
            node.kind = .sequence(items.compactMap(finalized))
        case .mapping(let pairs):
            node.kind = .mapping(
                pairs.compactMap { pair in
                    finalized(pair.value).map { Node.Pair(key: pair.key, keyLocation: pair.keyLocation, value: $0) }
                })
        }
        return node
    }

    /// Whether `node` or anything in it carries a directive (so `finalized` has work to do).
    package static func containsDirectives(_ node: Node) -> Bool {
        if node.directive != nil { return true }
        switch node.kind {
        case .scalar: return false
        case .sequence(let items): return items.contains(where: containsDirectives)
        case .mapping(let pairs): return pairs.contains { containsDirectives($0.value) }
        }
    }
}
