internal import Glibc
internal import MusterManifest

/// Which changed paths concern an entry's `watch:`: those its paths or globs cover (a folder
/// covers everything below it; `**` spans folders), not those `ignore` covers, never `.git/`
/// nor the entry's own `log:` file. Also which folders to watch for it.
struct WatchMatcher: Sendable {
    let watch: WatchSpec
    let logFile: String?

    /// Whether a change of `path` concerns the entry.
    func matches(_ path: String) -> Bool {
        guard path != logFile, !path.contains("/.git/"), !path.hasSuffix("/.git") else { return false }
        if watch.ignore.contains(where: { Self.covers($0, path) }) { return false }
        return watch.paths.contains { Self.covers($0, path) }
    }

    /// Whether `pattern` (a path or a glob) covers `path`: a glob's `*`, `?` and `[…]` match
    /// within one name, `**` any number of folders.
    static func covers(_ pattern: String, _ path: String) -> Bool {
        if path == pattern || path.hasPrefix(pattern + "/") { return true }
        guard isGlob(pattern) else { return false }
        let parts = pattern.split(separator: "/").map(String.init)
        let names = path.split(separator: "/").map(String.init)
        return matches(parts[...], names[...])
    }

    /// Whether the glob's components `parts` match the path's `names`; a glob that matches a
    /// folder covers what is below it.
    private static func matches(_ parts: ArraySlice<String>, _ names: ArraySlice<String>) -> Bool {
        guard let part = parts.first else { return true }
        if part == "**" {
            let rest = parts.dropFirst()
            var remaining = names
            while true {
                if matches(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = names.first, fnmatch(part, name, FNM_PERIOD) == 0 else { return false }
        return matches(parts.dropFirst(), names.dropFirst())
    }

    /// Whether `text` has glob characters.
    static func isGlob(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The folders to watch for the entry: each path's folder (recursively when it is a folder
    /// or a glob's fixed part), with whether recursively.
    var roots: [(path: String, recursive: Bool)] {
        watch.paths.map { pattern in
            guard Self.isGlob(pattern) else {
                var info = stat()
                if stat(pattern, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR {
                    return (Self.parent(of: pattern), false)
                }
                return (pattern, true)
            }
            var fixed: [Substring] = []
            for part in pattern.split(separator: "/") {
                if Self.isGlob(String(part)) { break }
                fixed.append(part)
            }
            return ("/" + fixed.joined(separator: "/"), true)
        }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
