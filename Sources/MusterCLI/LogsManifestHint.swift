internal import Glibc

/// The hint for `muster logs web -f x.yaml`: in `logs`, `-f` means `--follow` (as in `tail -f`
/// and `docker logs -f`), so the manifest meant by `-f` was left over as an extra word.
enum LogsManifestHint {
    /// The hint when one of `positionals` (every word `logs` read as an entry name, the extra ones
    /// included) looks like a manifest path; nil when none does or `-f` was not given.
    ///
    /// A word looks like a manifest when it ends in `.yaml` or `.yml`, or else names an existing
    /// regular file (`isFile`). The hint repeats the line with the manifest where it belongs.
    static func message(positionals: [String], follow: Bool, isFile: (String) -> Bool = isRegularFile) -> String? {
        guard follow else { return nil }
        let suffixed = positionals.firstIndex { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        guard let index = suffixed ?? positionals.firstIndex(where: isFile) else { return nil }
        let manifest = positionals[index]
        var entries = positionals
        entries.remove(at: index)
        let command = (["muster", "-f", manifest, "logs"] + entries).joined(separator: " ")
        return "in 'logs', -f means --follow (as in tail -f); give the manifest with --file \(manifest) "
            + "or before the command: \(command)"
    }

    /// Whether `path` names an existing regular file (following symbolic links).
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}
