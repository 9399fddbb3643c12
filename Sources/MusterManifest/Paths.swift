/// Path arithmetic for manifest-relative paths, without touching the file system.
package enum Paths {
    /// `path` made absolute against `directory` (when relative) and normalised (`.`, `..`, `//`).
    package static func resolve(_ path: String, against directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The last component of `path` (`shop` for `/home/me/shop`).
    package static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? "/"
    }

    /// The directory part of `path` (`examples` for `examples/hello.yaml`, `.` for `hello.yaml`).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` as seen from where `file` is, without touching the file system: `svc/api.yaml` for
    /// `api.yaml` named in `svc/muster.yaml`; an absolute `path` as it is. `.` and `..` are
    /// resolved where they can be (`../x` stays).
    package static func relative(_ path: String, besides file: String) -> String {
        if path.hasPrefix("/") { return resolve(path, against: "/") }
        let folder = file == "<stdin>" ? "." : directory(of: file)
        let joined = folder == "." ? path : folder + "/" + path
        let absolute = joined.hasPrefix("/")
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
            default: parts.append(part)
            }
        }
        let text = parts.joined(separator: "/")
        return absolute ? "/" + text : (text.isEmpty ? "." : text)
    }
}
