internal import MusterManifest

/// The formats `muster import` reads.
package enum ImportFormat: String, Sendable, CaseIterable {
    /// foreman's `Procfile`: `NAME: COMMAND` lines.
    case procfile
    /// process-compose's `process-compose.yaml`.
    case processCompose = "process-compose"

    /// The format of `source`: from its name (`Procfile*`, `*.procfile`; `*.yaml`, `*.yml`),
    /// else from its content (a YAML mapping with `processes:` is process-compose's).
    package static func detect(_ source: ImportSource) -> ImportFormat {
        let name = Paths.lastComponent(source.path).lowercased()
        if name.hasPrefix("procfile") || name.hasSuffix(".procfile") { return .procfile }
        if name.contains("process-compose") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            return .processCompose
        }
        let parsed = YAMLParser(file: source.path).parse(source.text)
        if case .mapping(let pairs)? = parsed.root?.kind, pairs.contains(where: { $0.key == "processes" }) {
            return .processCompose
        }
        return .procfile
    }

    /// Translates `source` from this format.
    package func translate(_ source: ImportSource) -> ImportResult {
        switch self {
        case .procfile: return ProcfileImporter(source: source).translate()
        case .processCompose: return ProcessComposeImporter(source: source).translate()
        }
    }
}
