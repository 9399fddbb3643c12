/// Where a manifest's text comes from.
package struct ManifestSource: Sendable {
    /// The path as the user gave it, used in diagnostics and the report (`<stdin>` for `-f -`).
    package var path: String
    /// The absolute directory that relative paths in the manifest resolve against.
    package var directory: String
    /// The manifest's bytes.
    package var text: [UInt8]

    /// Creates a source from text already in memory.
    package init(path: String, directory: String, text: [UInt8]) {
        self.path = path
        self.directory = directory
        self.text = text
    }

    /// The default manifest names, tried in order in the current directory.
    package static let defaultNames = ["muster.yaml", "muster.yml"]

    /// Reads the manifest `path` names: a file, `-` for standard input, or nil for the default
    /// `muster.yaml` (then `muster.yml`) in the current directory.
    ///
    /// - Throws: `ManifestError` with a message saying which file could not be read and why.
    package static func read(_ path: String?) throws(ManifestError) -> ManifestSource {
        let cwd = FileReader.currentDirectory()
        if path == "-" {
            do {
                return ManifestSource(path: "<stdin>", directory: cwd, text: try FileReader.readAll(0))
            } catch {
                throw ManifestError("cannot read the manifest from standard input: \(error.reason)")
            }
        }
        let candidates = path.map { [$0] } ?? defaultNames
        var firstFailure: (String, FileReader.Failure)?
        for candidate in candidates {
            do {
                let text = try FileReader.contents(of: candidate)
                let absolute = Paths.resolve(candidate, against: cwd)
                return ManifestSource(path: candidate, directory: Paths.directory(of: absolute), text: text)
            } catch {
                firstFailure = firstFailure ?? (candidate, error)
            }
        }
        if path == nil {
            throw ManifestError(
                "no muster.yaml or muster.yml in \(cwd); pass the manifest with -f PATH")
        }
        let (name, failure) = firstFailure!
        throw ManifestError("cannot read the manifest '\(name)': \(failure.reason)")
    }
}

/// A manifest that could not be read at all (as opposed to one with diagnostics).
package struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    package var message: String

    /// Creates an error.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

/// A decoded manifest with every diagnostic found on the way.
package struct LoadedManifest: Sendable {
    /// The manifest; complete and safe to run only when `diagnostics` holds no error.
    package var manifest: Manifest
    /// Errors and warnings, in the order found.
    package var diagnostics: [Diagnostic]
    /// The text of every file the diagnostics point into, by the name they use, for showing lines.
    package var sources: [String: [UInt8]]
}

/// Reads a manifest into a `Manifest`, collecting all problems in one pass.
package enum ManifestLoader {
    /// Parses, validates and resolves `source`; never throws, problems are diagnostics.
    ///
    /// `environment` is muster's own environment, used for `${…}` and for `env: {VAR: null}`;
    /// `projectEnvFile` (the project's `.env`) adds variables it lacks, for those two uses only.
    /// Content that is not text is one error, and its bytes are never shown.
    package static func load(
        _ source: ManifestSource, environment: [String: String], projectEnvFile: ProjectEnvFile? = nil
    ) -> LoadedManifest {
        var variables = environment
        var diagnostics: [Diagnostic] = []
        var sources: [String: [UInt8]] = [:]
        if let file = projectEnvFile {
            let (entries, problems) = file.variables(environment: environment)
            for entry in entries where environment[entry.key] == nil { variables[entry.key] = entry.value }
            diagnostics += problems
            if TextContent.problem(in: file.text) == nil { sources[file.path] = file.text }
        }
        if let problem = TextContent.problem(in: source.text) {
            let at = SourceLocation(file: source.path, line: problem.line, column: problem.column)
            let manifest = Manifest(
                path: source.path, directory: source.directory, name: Paths.lastComponent(source.directory),
                processes: [])
            diagnostics.append(.error("not a text file: \(problem.reason); a manifest is YAML text in UTF-8", at: at))
            return LoadedManifest(
                manifest: manifest, diagnostics: diagnostics.sortedForReading(primary: source.path), sources: sources)
        }
        let parsed = YAMLParser(file: source.path).parse(source.text)
        var decoder = ManifestDecoder(source: source, environment: variables)
        let manifest = decoder.decode(parsed.root, parseFailed: parsed.diagnostics.containsErrors)
        diagnostics += parsed.diagnostics + decoder.context.diagnostics
        sources.merge(decoder.envFileSources) { first, _ in first }
        sources[source.path] = source.text
        return LoadedManifest(
            manifest: manifest, diagnostics: diagnostics.sortedForReading(primary: source.path), sources: sources)
    }
}
