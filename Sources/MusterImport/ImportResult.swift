package import MusterManifest

/// What `muster import` makes of a file: the manifest's text, and what it has to say about the
/// original — a warning for every key it could not translate (also named in a `# muster import:`
/// comment in the text), or the errors that kept it from reading the file at all.
package struct ImportResult: Sendable {
    /// The manifest, when the file could be read; nil when it has errors.
    package var manifest: String?
    /// Warnings (untranslated keys), or errors (the file cannot be read as its format), each at
    /// its place in the original.
    package var diagnostics: [Diagnostic]

    /// Creates a result.
    package init(manifest: String?, diagnostics: [Diagnostic]) {
        self.manifest = manifest
        self.diagnostics = diagnostics
    }
}

/// Where an imported file is and what surrounds it.
package struct ImportSource: Sendable {
    /// The file as the user named it, for diagnostics and the header comment.
    package var path: String
    /// Its bytes.
    package var text: [UInt8]
    /// The `.env` beside it, if there is one (foreman reads it; it becomes `env_file`).
    package var dotEnv: [UInt8]?

    /// Creates a source.
    package init(path: String, text: [UInt8], dotEnv: [UInt8]? = nil) {
        self.path = path
        self.text = text
        self.dotEnv = dotEnv
    }
}
