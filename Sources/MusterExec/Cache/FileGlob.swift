internal import Glibc

/// Expands `inputs:` and `outputs:` patterns to the regular files they match, as shells and
/// Task do: `*`, `?` and `[…]` within one path segment (`fnmatch`), `**` for any number of
/// folders. Hidden names match only a pattern that starts with a dot.
///
/// Folders are read once each, and what `readdir` says of an entry's type spares a `stat` (one
/// is made only when the file system does not say).
enum FileGlob {
    /// The files under `base` that `pattern` (relative to `base`, or absolute) matches, as
    /// absolute paths, without duplicates, in an order that depends only on the patterns and the
    /// files (pattern by pattern, each folder's entries by name). A pattern without wildcards
    /// names its file (or, when it is a folder, every file under it).
    static func files(matching patterns: [String], in base: String) -> [String] {
        var found: [String] = []
        for pattern in patterns {
            let absolute = pattern.hasPrefix("/") ? pattern : base + "/" + pattern
            let segments = absolute.split(separator: "/").map(String.init)
            expand(segments[...], at: "", into: &found)
        }
        // One pattern with at most one `**` reaches each file once; others may reach one twice.
        let repeats = patterns.count > 1 || patterns.contains { $0.split(separator: "/").filter { $0 == "**" }.count > 1 }
        guard repeats else { return found }
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }
    }

    /// What a folder entry is.
    private enum Kind {
        case file, folder, other
    }

    private static func expand(_ segments: ArraySlice<String>, at folder: String, into found: inout [String]) {
        guard let segment = segments.first else {
            add(folder.isEmpty ? "/" : folder, kind: kind(of: folder.isEmpty ? "/" : folder), into: &found)
            return
        }
        let rest = segments.dropFirst()
        if segment == "**" {
            expand(rest, at: folder, into: &found)
            for (name, kind) in children(of: folder, matching: nil) where kind == .folder {
                expand(segments, at: folder + "/" + name, into: &found)
            }
        } else if !segment.contains(where: { "*?[".contains($0) }) {
            let path = folder + "/" + segment
            let kind = kind(of: path)
            if rest.isEmpty { add(path, kind: kind, into: &found) } else if kind == .folder { expand(rest, at: path, into: &found) }
        } else {
            for (name, kind) in children(of: folder, matching: segment) {
                let path = folder + "/" + name
                if rest.isEmpty { add(path, kind: kind, into: &found) } else if kind == .folder { expand(rest, at: path, into: &found) }
            }
        }
    }

    /// `path` when it is a regular file; every regular file under it when it is a folder.
    private static func add(_ path: String, kind: Kind, into found: inout [String]) {
        switch kind {
        case .file: found.append(path)
        case .folder:
            for (name, kind) in children(of: path, matching: nil) { add(path + "/" + name, kind: kind, into: &found) }
        case .other: break
        }
    }

    /// What `path` is, following symbolic links.
    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// The entries of folder `path` (`.` and `..` left out) whose names match `pattern` (all when
    /// nil), with what each is.
    private static func children(of path: String, matching pattern: String?) -> [(name: String, kind: Kind)] {
        let folderPath = path.isEmpty ? "/" : path
        guard let folder = opendir(folderPath) else { return [] }
        defer { closedir(folder) }
        let cPattern = pattern.map { Array($0.utf8CString) }
        var entries: [(String, Kind)] = []
        while let entry = readdir(folder) {
            let type = entry.pointee.d_type
            let matched = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> String? in
                let name = raw.bindMemory(to: CChar.self).baseAddress!
                if name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0)) { return nil }
                if let cPattern, cPattern.withUnsafeBufferPointer({ fnmatch($0.baseAddress!, name, FNM_PERIOD) }) != 0 {
                    return nil
                }
                return String(cString: name)
            }
            guard let name = matched else { continue }
            switch Int32(type) {
            case Int32(DT_REG): entries.append((name, .file))
            case Int32(DT_DIR): entries.append((name, .folder))
            case Int32(DT_LNK), Int32(DT_UNKNOWN): entries.append((name, kind(of: folderPath + "/" + name)))
            default: break
            }
        }
        return entries.sorted { $0.0 < $1.0 }
    }
}
