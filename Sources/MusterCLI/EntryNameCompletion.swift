internal import ArgumentParser
internal import MusterManifest

/// Shell completion of entry names (the NAME arguments of run, up, plan, stop, start, restart
/// and logs) from the manifest: the one the line being completed names with `-f`/`--file`, or
/// the default `muster.yaml` (then `muster.yml`) in the current folder.
///
/// The completion script calls `muster ---completion …` on every TAB, so this stays cheap and
/// silent: it reads and decodes the manifest (no planning), prints nothing, and returns no names
/// when the manifest cannot be read.
package enum EntryNameCompletion {
    /// The completion kind for NAME arguments.
    static let kind = CompletionKind.custom { words, _, prefix in
        names(words: words, prefix: prefix, environment: Terminal.environment)
    }

    /// The names of the manifest's processes that start with `prefix`, in declaration order.
    ///
    /// `words` is the whole line as the shell split it, the command's name first. A manifest with
    /// errors still gives the names that could be read (an unset `${VAR:?}` elsewhere should not
    /// stop completion); one that cannot be read, or `-f -` (standard input), gives none.
    package static func names(words: [String], prefix: String, environment: [String: String]) -> [String] {
        let paths = manifestPaths(in: words, home: environment["HOME"])
        guard !paths.contains("-"), let sources = try? ManifestSource.read(paths) else { return [] }
        // Every entry, whatever its profiles: naming one enables it.
        let loaded = ManifestLoader.load(
            sources, options: LoadOptions(environment: environment, dotenv: .besideManifest, profiles: ["*"]))
        return loaded.manifest.processes.map(\.name).filter { $0.hasPrefix(prefix) }
    }

    /// The manifest `words` names, before the command (`muster -f x.yaml run`) or after it
    /// (`--file x.yaml`, `--file=x.yaml`, and `-f x.yaml` or `-fx.yaml` except in `logs`, where
    /// `-f` means follow); the first one given. Nil when there is none. A leading `~/` is `home`.
    package static func manifestPath(in words: [String], home: String? = nil) -> String? {
        manifestPaths(in: words, home: home).first
    }

    /// Every manifest `words` names, as `manifestPath(in:home:)` finds the first, in order.
    package static func manifestPaths(in words: [String], home: String? = nil) -> [String] {
        guard case .arguments(let arguments) = GlobalOptions.hoist(Array(words.dropFirst())) else { return [] }
        let command = arguments.first
        var paths: [String] = []
        var index = 1
        while index < arguments.count, arguments[index] != "--" {
            let word = arguments[index]
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            var path: String?
            if word == "--file" || (word == "-f" && command != "logs") {
                // Bash splits `--file=x.yaml` into `--file`, `=`, `x.yaml` (COMP_WORDBREAKS).
                path = next == "=" && index + 2 < arguments.count ? arguments[index + 2] : next
            } else if word.hasPrefix("--file=") {
                path = String(word.dropFirst("--file=".count))
            } else if word.hasPrefix("-f"), !word.hasPrefix("--"), word.count > 2, command != "logs" {
                path = String(word.dropFirst(2))
            }
            if let path, !path.isEmpty { paths.append(expandingHome(path, home: home)) }
            index += 1
        }
        return paths
    }

    /// `path` with a leading `~/` replaced by `home` (the shell has not expanded it yet).
    private static func expandingHome(_ path: String, home: String?) -> String {
        guard let home, path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }
}
