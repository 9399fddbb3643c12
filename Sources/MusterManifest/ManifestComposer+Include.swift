/// `include:`, a list of manifest paths or `{path, prefix}` (`path` may list several files, merged
/// in order, as in docker compose). Each included manifest is composed on its own — its folder is
/// its base, its `.env` feeds its `${…}`, its top-level `env` and `env_file` apply to its entries
/// only — and its entries join the including file's. With `prefix`, they are named `PREFIX-NAME`,
/// and the dependencies among them renamed to match.
extension ManifestComposer {
    /// The keys of an `include` item's long form.
    static let includeKeys = ["path", "prefix"]

    /// The items of `include:`, which must be a non-empty list.
    mutating func includeItems(_ node: Node) -> [Node] {
        guard case .sequence(let items) = node.kind else {
            context.error(
                "'include' must be a list of manifest paths or {path, prefix}, not \(node.typeDescription)",
                at: node.location)
            return []
        }
        if items.isEmpty {
            context.error("'include' is empty; list the manifests to include, or remove it", at: node.location)
        }
        return items
    }

    /// The entries `item` (an `include` item of `file`) adds, named with its prefix; nil when it
    /// cannot be read, closes a cycle, or was included before (then it adds nothing again).
    mutating func include(_ item: Node, from file: File, chain: [String]) -> Unit? {
        guard let (pathNodes, prefix) = includeFields(item) else { return nil }
        var sources: [ManifestSource] = []
        var absolutes: [String] = []
        for node in pathNodes {
            guard let text = context.string(node, "the path of an included manifest", nonEmpty: true) else {
                return nil
            }
            let absolute = Paths.resolve(text, against: file.directory)
            let display = Paths.relative(text, besides: file.path)
            if let start = chain.firstIndex(of: absolute) {
                let names = chain[start...].map { displayNames[$0] ?? $0 } + [display]
                context.error(
                    "include cycle: \(names.joined(separator: " -> ")); a manifest cannot include itself, even through others",
                    at: node.location)
                return nil
            }
            if FileReader.isSpecialFile(absolute) {
                context.error("cannot include '\(text)': it is not a regular file", at: node.location)
                return nil
            }
            var bytes: [UInt8]
            do {
                if let prefetched = parsedFiles[absolute + "\n" + display]?.bytes {
                    bytes = prefetched
                } else {
                    bytes = try FileReader.contents(of: absolute)
                }
            } catch {
                context.error("cannot read the included manifest '\(text)': \(error.reason)", at: node.location)
                return nil
            }
            sources.append(ManifestSource(path: display, directory: Paths.directory(of: absolute), text: bytes))
            absolutes.append(absolute)
        }
        let key = absolutes.joined(separator: "\n") + "\n" + (prefix ?? "")
        guard !sources.isEmpty, composedIncludes.insert(key).inserted else { return nil }
        for (source, absolute) in zip(sources, absolutes) { displayNames[absolute] = source.path }
        let envFile: ProjectEnvFile?
        switch dotenv {
        case .none:
            envFile = nil
        case .file:
            envFile = projectEnvFile
        case .besideManifest:
            do {
                envFile = try ProjectEnvFile.read(.besideManifest, for: sources[0])
            } catch {
                context.error(error.message, at: item.location)
                envFile = nil
            }
        }
        let unit = composition(of: sources, chain: chain + absolutes, envFile: envFile)
        return prefix.map { Self.prefixed(unit, with: $0) } ?? unit
    }

    /// Reads the files `items` name and parses them on every core, ahead of composing them one
    /// by one (a file that cannot be read is left for `include` to report).
    mutating func prefetch(_ items: [Node], from file: File) {
        var jobs: [(key: String, display: String, bytes: [UInt8])] = []
        for item in items {
            var paths: [Node] = [item]
            if case .mapping(let pairs) = item.kind, let path = pairs.first(where: { $0.key == "path" })?.value {
                paths = [path]
                if case .sequence(let listed) = path.kind { paths = listed }
            }
            for path in paths {
                guard let text = path.scalarText, path.scalarType == .string, !text.isEmpty else { continue }
                let display = Paths.relative(text, besides: file.path)
                let absolute = Paths.resolve(text, against: file.directory)
                let key = absolute + "\n" + display
                guard parsedFiles[key] == nil, !jobs.contains(where: { $0.key == key }),
                    !FileReader.isSpecialFile(absolute), let bytes = try? FileReader.contents(of: absolute)
                else { continue }
                jobs.append((key, display, bytes))
            }
        }
        guard jobs.count > 1 else { return }
        let files = jobs
        let parsed = Parallel.map(files.count, each: true) { range in
            range.map { index -> YAMLParser.Result? in
                let job = files[index]
                guard TextContent.problem(in: job.bytes) == nil else { return nil }
                return YAMLParser(file: job.display).parse(job.bytes)
            }
        }.flatMap { $0 }
        for (job, result) in zip(jobs, parsed) { parsedFiles[job.key] = (job.bytes, result) }
    }

    /// The paths and prefix of an `include` item: `PATH`, or `{path: PATH or [PATHS], prefix: P}`.
    private mutating func includeFields(_ item: Node) -> (paths: [Node], prefix: String?)? {
        switch item.kind {
        case .scalar:
            return ([item], nil)
        case .sequence:
            context.error("each item of 'include' must be a path or {path, prefix}, not a list", at: item.location)
            return nil
        case .mapping:
            guard let pairs = context.mapping(item, "an 'include' item", keys: Self.includeKeys) else { return nil }
            let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            guard let path = fields["path"] else {
                context.error("an 'include' item needs a 'path': {path: svc/muster.yaml, prefix: svc}", at: item.location)
                return nil
            }
            var paths = [path]
            if case .sequence(let items) = path.kind {
                guard !items.isEmpty else {
                    context.error("'path' is an empty list; name the manifest to include", at: path.location)
                    return nil
                }
                paths = items
            }
            var prefix: String?
            if let node = fields["prefix"] {
                guard let text = context.string(node, "'prefix'", nonEmpty: true) else { return nil }
                guard ManifestDecoder.isValidProcessName(text) else {
                    context.error(
                        "invalid prefix '\(text)': it starts the entries' names, so use letters, digits, '.', '_' and '-', starting with a letter or digit",
                        at: node.location)
                    return nil
                }
                prefix = text
            }
            return (paths, prefix)
        }
    }

    /// `unit` with every entry named `PREFIX-NAME`, and every dependency on one of its entries
    /// renamed the same way (dependencies on other names are left as they are).
    static func prefixed(_ unit: Unit, with prefix: String) -> Unit {
        let names = Set(unit.entries.map(\.name))
        let rename: (String) -> String = { names.contains($0) ? prefix + "-" + $0 : $0 }
        var result = Unit(fields: unit.fields)
        for var entry in unit.entries {
            entry.name = rename(entry.name)
            entry.extends = entry.extends.map(rename)
            entry.body = renamingDependencies(in: entry.body, rename)
            result.index.updateValue(result.entries.count, forKey: entry.name)
            result.entries.append(entry)
        }
        return result
    }

    /// `body` with the names in its `depends_on` (list items or mapping keys) passed through `rename`.
    private static func renamingDependencies(in body: Node, _ rename: (String) -> String) -> Node {
        guard case .mapping(var pairs) = body.kind,
            let position = pairs.firstIndex(where: { $0.key == "depends_on" })
        else { return body }
        var dependsOn = pairs[position].value
        switch dependsOn.kind {
        case .sequence(let items):
            dependsOn.kind = .sequence(
                items.map { item in
                    guard case .scalar(let text, let style, let tag) = item.kind else { return item }
                    var renamed = item
                    renamed.kind = .scalar(rename(text), style, tag: tag)
                    return renamed
                })
        case .mapping(let dependencies):
            dependsOn.kind = .mapping(
                dependencies.map { Node.Pair(key: rename($0.key), keyLocation: $0.keyLocation, value: $0.value) })
        case .scalar:
            return body
        }
        pairs[position].value = dependsOn
        var renamed = body
        renamed.kind = .mapping(pairs)
        return renamed
    }
}
