internal import Glibc

/// Expands `inputs:` and `outputs:` patterns to the regular files they match, as shells and
/// Task do: `*`, `?` and `[…]` within one path segment (`fnmatch`), `**` for any number of
/// folders. Hidden names match only a pattern that starts with a dot.
enum FileGlob {
    /// The files under `base` that `pattern` (relative to `base`, or absolute) matches, as
    /// absolute paths, sorted and without duplicates. A pattern without wildcards names its file
    /// (or, when it is a folder, every file under it).
    static func files(matching patterns: [String], in base: String) -> [String] {
        var found = Set<String>()
        for pattern in patterns {
            let absolute = pattern.hasPrefix("/") ? pattern : base + "/" + pattern
            let segments = absolute.split(separator: "/").map(String.init)
            expand(segments[...], at: "", into: &found)
        }
        return found.sorted()
    }

    private static func expand(_ segments: ArraySlice<String>, at folder: String, into found: inout Set<String>) {
        guard let segment = segments.first else {
            addFiles(at: folder.isEmpty ? "/" : folder, into: &found)
            return
        }
        let rest = segments.dropFirst()
        if segment == "**" {
            expand(rest, at: folder, into: &found)
            for child in children(of: folder) where isDirectory(folder + "/" + child) {
                expand(segments, at: folder + "/" + child, into: &found)
            }
        } else if !segment.contains(where: { "*?[".contains($0) }) {
            let path = folder + "/" + segment
            if rest.isEmpty { addFiles(at: path, into: &found) } else if isDirectory(path) { expand(rest, at: path, into: &found) }
        } else {
            for child in children(of: folder) where fnmatch(segment, child, FNM_PERIOD) == 0 {
                let path = folder + "/" + child
                if rest.isEmpty { addFiles(at: path, into: &found) } else if isDirectory(path) { expand(rest, at: path, into: &found) }
            }
        }
    }

    /// `path` when it is a regular file; every regular file under it when it is a folder.
    private static func addFiles(at path: String, into found: inout Set<String>) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFREG {
            found.insert(path)
        } else if info.st_mode & S_IFMT == S_IFDIR {
            for child in children(of: path) { addFiles(at: path + "/" + child, into: &found) }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in folder `path` (`.` and `..` left out), sorted.
    private static func children(of path: String) -> [String] {
        guard let folder = opendir(path.isEmpty ? "/" : path) else { return [] }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
