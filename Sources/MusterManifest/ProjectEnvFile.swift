/// The project's dotenv file — `.env` beside the manifest, as docker compose reads it — whose
/// variables feed `${…}` interpolation and `env: {VAR: }` pass-through. muster's own environment
/// wins over it, and it is not given to the entries (only `env` and `env_file` are).
package struct ProjectEnvFile: Sendable {
    /// Which file to read.
    package enum Choice: Sendable, Hashable {
        /// `.env` in the manifest's folder, when there is one (the default).
        case besideManifest
        /// `--env-file PATH`, relative to the current folder; it must exist.
        case file(String)
        /// `--no-dotenv`: none.
        case none
    }

    /// The file as diagnostics name it (`.env`, `examples/.env`, the `--env-file` as given).
    package var path: String
    /// Its bytes.
    package var text: [UInt8]

    /// Creates a project env file from text already in memory.
    package init(path: String, text: [UInt8]) {
        self.path = path
        self.text = text
    }

    /// Reads the file `choice` names for the manifest `source`; nil when there is none to read
    /// (no `.env` beside the manifest, or `--no-dotenv`).
    ///
    /// - Throws: `ManifestError` when `--env-file`'s file, or an existing `.env`, cannot be read.
    package static func read(_ choice: Choice, for source: ManifestSource) throws(ManifestError) -> ProjectEnvFile? {
        let path: String
        let absolute: String
        switch choice {
        case .none:
            return nil
        case .file(let given):
            path = given
            absolute = Paths.resolve(given, against: FileReader.currentDirectory())
        case .besideManifest:
            let folder = source.path == "<stdin>" ? "." : Paths.directory(of: source.path)
            path = folder == "." ? ".env" : folder == "/" ? "/.env" : folder + "/.env"
            absolute = Paths.resolve(".env", against: source.directory)
        }
        do {
            return ProjectEnvFile(path: path, text: try FileReader.contents(of: absolute))
        } catch {
            if case .besideManifest = choice, error.isMissing { return nil }
            throw ManifestError("cannot read the env file '\(path)': \(error.reason)")
        }
    }

    /// The variables the file sets, and the problems in it (positioned in it); `${…}` in values
    /// expands from earlier lines and `environment`.
    func variables(environment: [String: String]) -> (entries: [DotEnv.Entry], diagnostics: [Diagnostic]) {
        if let problem = TextContent.problem(in: text) {
            let at = SourceLocation(file: path, line: problem.line, column: problem.column)
            return ([], [.error("not a text file: \(problem.reason); a dotenv file is KEY=VALUE lines", at: at)])
        }
        return DotEnv.parse(String(decoding: text, as: UTF8.self), file: path) { environment[$0] }
    }
}
