/// Every manifest file of a run put together, before decoding: the `-f` files (or `muster.yaml`
/// and `muster.override.yaml`) merged in order, what they `include` added, every `extends`
/// resolved and every `!reset` applied. Values keep the location of the file and line that set
/// them. Built by `ManifestComposer`, read by `ManifestDecoder`.
struct ComposedManifest {
    /// The manifest a set of entries was declared in, whose top-level `env` and `env_file` apply to
    /// them: the `-f` files (scope 0), or one `include`.
    struct Scope {
        /// The absolute folder of its (first) file: the default `cwd` of its entries.
        var directory: String
        /// Its top-level `env`, merged across its files.
        var env: Node?
        /// Its top-level `env_file`, merged across its files.
        var envFile: Node?
        /// The variables `${…}` reads in its files: muster's own environment and its `.env`.
        var environment: [String: String]
    }

    /// One process entry, merged and extended.
    struct Entry {
        /// Its final name (with an include's prefix).
        var name: String
        /// Where its name was first written.
        var nameLocation: SourceLocation
        /// The merged spec.
        var body: Node
        /// Whether the name is a mapping key, so a `name:` inside must agree with it.
        var fromKey: Bool
        /// Index into `scopes`.
        var scope: Int
        /// The entry it `extends`, for messages (`web` has no command, nor has `base`).
        var extends: String?
    }

    /// The project name as the first files set it, if they did (already checked).
    var name: String?
    /// Scope 0 is the `-f` files; one more per `include`.
    var scopes: [Scope]
    /// The entries in declaration order, an include's entries before the including file's own.
    var entries: [Entry]
    /// The absolute folder of every file read, by the name its locations use: relative paths in a
    /// value resolve against the folder of the file that set it.
    var directories: [String: String]
}
