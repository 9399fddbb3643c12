internal import Glibc

/// Where a run's control files live: `$XDG_RUNTIME_DIR/muster/` (or `/tmp/muster-UID/`), in a
/// 0700 folder, named after the manifest's absolute path so two manifests never collide.
package struct ControlPaths: Sendable, Hashable {
    /// The Unix socket (0600).
    package var socket: String
    /// The authkey in hex (0600), for clients outside the run.
    package var key: String
    /// Held locked (flock) while the run lives; holds muster's pid.
    package var lock: String
    /// A detached run's output: its events and the entries' lines (`up -d`).
    package var log: String

    /// The paths for the manifest at `manifestPath` (absolute).
    package init(manifestPath: String, environment: [String: String]) {
        let folder = Self.folder(environment: environment)
        let stem = Paths.lastComponentWithoutExtension(manifestPath)
        let base = folder + "/" + stem + "-" + String(SHA256Hasher.hash(Array(manifestPath.utf8)).hex.prefix(12))
        socket = base + ".sock"
        key = base + ".key"
        lock = base + ".lock"
        log = base + ".log"
    }

    /// Makes the control folder (0700) if it is not there; nil when it is a folder of this user's,
    /// else what is wrong.
    package static func makeFolder(environment: [String: String]) -> String? {
        let folder = folder(environment: environment)
        mkdir(folder, 0o700)
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else {
            return "the control folder \(folder) is not a folder of yours; remove it"
        }
        chmod(folder, 0o700)
        return nil
    }

    /// The folder for control files: under `XDG_RUNTIME_DIR` unless that is unset, relative, or so
    /// deep that a socket path would not fit in `sun_path` (108 bytes); then `/tmp/muster-UID`.
    package static func folder(environment: [String: String]) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/"), runtime.utf8.count <= 40 {
            return runtime + "/muster"
        }
        return "/tmp/muster-\(getuid())"
    }
}

/// Path helpers for control file names.
enum Paths {
    /// `muster` for `/srv/shop/muster.yaml`.
    static func lastComponentWithoutExtension(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? "manifest"
        let stem = last.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let name = stem.isEmpty ? last : stem
        return String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(40))
    }
}
