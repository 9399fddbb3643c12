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

    /// The override files merged over the default manifest when one exists, as compose reads
    /// `compose.override.yaml`; the first that exists is taken.
    package static let overrideNames = ["muster.override.yaml", "muster.override.yml"]

    /// Reads the manifests `paths` name, in order (`-` once, for standard input); with none, the
    /// default `muster.yaml` (then `muster.yml`) and, when it exists, `muster.override.yaml`.
    ///
    /// - Throws: `ManifestError` naming the file that could not be read, and why.
    package static func read(_ paths: [String]) throws(ManifestError) -> [ManifestSource] {
        guard !paths.isEmpty else {
            let main = try read(nil)
            for name in overrideNames {
                do {
                    let text = try FileReader.contents(of: name)
                    let absolute = Paths.resolve(name, against: FileReader.currentDirectory())
                    return [main, ManifestSource(path: name, directory: Paths.directory(of: absolute), text: text)]
                } catch {
                    if error.isMissing { continue }
                    throw ManifestError("cannot read the override file '\(name)': \(error.reason)")
                }
            }
            return [main]
        }
        if paths.filter({ $0 == "-" }).count > 1 {
            throw ManifestError("standard input can be read once: give -f - only once")
        }
        var sources: [ManifestSource] = []
        for path in paths { sources.append(try read(path)) }
        return sources
    }

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
    /// The absolute path of every file the manifest was made from: manifests, included and
    /// extended files, env files (what a running `up` watches to reload).
    package var files: [String] = []
}

/// How manifests are loaded: the environment `${…}` reads, the `.env` files, the enabled
/// profiles and the entries named on the command line.
package struct LoadOptions: Sendable {
    /// muster's own environment, for `${…}` and `env: {VAR: }`.
    package var environment: [String: String]
    /// The first file's `.env` (or `--env-file`), already read; nil for none.
    package var projectEnvFile: ProjectEnvFile?
    /// Which `.env` each included manifest reads.
    package var dotenv: ProjectEnvFile.Choice
    /// The enabled profiles (`*` for all); see `EntrySelection.enabledProfiles`.
    package var profiles: [String]
    /// The entries named on the command line, enabled whatever their profiles.
    package var targets: [String]
    /// Instance counts replacing entries' `replicas:` (set by `muster scale`).
    package var replicas: [String: Int] = [:]

    /// Options reading `${…}` from `environment` and no `.env`, with no profile enabled.
    package init(
        environment: [String: String], projectEnvFile: ProjectEnvFile? = nil, dotenv: ProjectEnvFile.Choice = .none,
        profiles: [String] = [], targets: [String] = []
    ) {
        self.environment = environment
        self.projectEnvFile = projectEnvFile
        self.dotenv = dotenv
        self.profiles = profiles
        self.targets = targets
    }
}

/// Reads manifests into a `Manifest`, collecting all problems in one pass.
package enum ManifestLoader {
    /// Parses, validates and resolves `source`; never throws, problems are diagnostics.
    ///
    /// `environment` is muster's own environment, used for `${…}` and for `env: {VAR: null}`;
    /// `projectEnvFile` (the project's `.env`) adds variables it lacks, for those two uses only.
    /// Content that is not text is one error, and its bytes are never shown.
    package static func load(
        _ source: ManifestSource, environment: [String: String], projectEnvFile: ProjectEnvFile? = nil
    ) -> LoadedManifest {
        load([source], options: LoadOptions(environment: environment, projectEnvFile: projectEnvFile))
    }

    /// Composes `sources` (merged in order, with their includes and extends), decodes and checks
    /// the result, and selects the entries that take part (profiles, `disabled`). Never throws:
    /// problems are diagnostics, each at the file and line that set the offending value.
    package static func load(_ sources: [ManifestSource], options: LoadOptions) -> LoadedManifest {
        precondition(!sources.isEmpty, "a manifest needs at least one file")
        var composer = ManifestComposer(environment: options.environment, dotenv: options.dotenv)
        let composed = composer.compose(sources, projectEnvFile: options.projectEnvFile)
        var decoder = ManifestDecoder(
            path: sources[0].path, directory: sources[0].directory, environment: options.environment)
        decoder.replicaOverrides = options.replicas
        var manifest = decoder.decode(composed)
        var diagnostics = composer.context.diagnostics + decoder.context.diagnostics
        diagnostics += EntrySelection.apply(to: &manifest, profiles: options.profiles, targets: options.targets)
        diagnostics += ReplicaExpansion.apply(to: &manifest)
        var seen = Set<Diagnostic>()
        diagnostics = diagnostics.filter { seen.insert($0).inserted }
        var texts = composer.sources
        texts.merge(decoder.envFileSources) { first, _ in first }
        var files = Set(decoder.envFilePaths)
        for (name, folder) in composer.directories where name != "<stdin>" {
            files.insert(Paths.resolve(Paths.lastComponent(name), against: folder))
        }
        for source in sources where source.path != "<stdin>" {
            files.insert(Paths.resolve(".env", against: source.directory))
        }
        return LoadedManifest(
            manifest: manifest, diagnostics: diagnostics.sortedForReading(primary: sources[0].path), sources: texts,
            files: files.sorted())
    }
}
