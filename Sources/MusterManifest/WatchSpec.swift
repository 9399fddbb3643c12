/// `watch:` of an entry: the files whose change re-runs it in `up`.
package struct WatchSpec: Sendable, Hashable {
    /// Paths and globs (`*`, `**`, `?`, `[…]`), absolute (resolved against the entry's `cwd`).
    package var paths: [String]
    /// Globs of paths left out, absolute as `paths` are; `.git/` and the entry's `log:` file are
    /// always left out besides.
    package var ignore: [String]
    /// How long changes gather before the entry is re-run.
    package var debounce: Duration

    /// The default time changes gather: 200 ms.
    package static let defaultDebounce = Duration.milliseconds(200)

    /// Creates a watch.
    package init(paths: [String], ignore: [String] = [], debounce: Duration = defaultDebounce) {
        self.paths = paths
        self.ignore = ignore
        self.debounce = debounce
    }
}

extension ManifestDecoder {
    /// `watch:`: a path or glob, a list of them, or `{paths, ignore, debounce}`; relative to `cwd`.
    mutating func decodeWatch(_ node: Node, workingDirectory: String, lookup: (String) -> String?) -> WatchSpec? {
        var pathsNode = node
        var ignoreNode: Node?
        var debounce = WatchSpec.defaultDebounce
        if case .mapping = node.kind {
            guard let pairs = context.mapping(node, "'watch'", keys: ["paths", "ignore", "debounce"]) else { return nil }
            let fields = Fields(pairs: pairs)
            guard let paths = fields["paths"] else {
                context.error("'watch' needs 'paths', the files or globs to watch", at: node.location)
                return nil
            }
            pathsNode = paths.value
            ignoreNode = fields["ignore"]?.value
            if let value = fields["debounce"], let duration = context.duration(value.value, "'watch.debounce'") {
                debounce = duration
            }
        }
        func resolved(_ list: Node, _ what: String) -> [String] {
            context.stringList(list, what).compactMap { text, item in
                let expanded = context.interpolate(text, of: item, lookup: lookup)
                guard !expanded.isEmpty else {
                    context.error("\(what) holds an empty path", at: item.location)
                    return nil
                }
                return Paths.resolve(expanded, against: workingDirectory)
            }
        }
        let paths = resolved(pathsNode, "'watch'")
        let ignore = ignoreNode.map { resolved($0, "'watch.ignore'") } ?? []
        return WatchSpec(paths: paths, ignore: ignore, debounce: debounce)
    }
}
