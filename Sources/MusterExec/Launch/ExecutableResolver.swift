internal import Glibc

/// Finds the program of an argv command as a shell would, so that "not found" is exit 127 and
/// "not executable" is exit 126, each with a message naming the program.
package enum ExecutableResolver {
    /// Why a program cannot be executed.
    package struct Failure: Error, Sendable, Hashable {
        /// 127 (not found) or 126 (found but not executable).
        package var exitcode: Int32
        /// For people: "command not found: pg_ctl", as a shell says it.
        package var message: String

        /// Creates a failure.
        package init(exitcode: Int32, message: String) {
            self.exitcode = exitcode
            self.message = message
        }
    }

    /// The absolute path to execute for `program`: a name is looked up in `path` (the entry's
    /// `PATH`); a name with a `/` is taken relative to `workingDirectory`.
    ///
    /// - Throws: `Failure` with exit code 127 or 126.
    package static func resolve(_ program: String, path: String?, workingDirectory: String) throws(Failure) -> String {
        if program.isEmpty { throw Failure(exitcode: 127, message: "the command's program name is empty") }
        if let absolute = explicitPath(of: program, in: workingDirectory) {
            try check(absolute, as: program)
            return absolute
        }
        let search = path ?? "/usr/local/bin:/usr/bin:/bin"
        var notExecutable: String?
        for directory in search.split(separator: ":", omittingEmptySubsequences: false) {
            let folder = directory.isEmpty ? workingDirectory : (directory.hasPrefix("/") ? String(directory) : workingDirectory + "/" + directory)
            let candidate = folder + "/" + program
            guard exists(candidate) else { continue }
            if isExecutableFile(candidate) { return candidate }
            notExecutable = notExecutable ?? candidate
        }
        if let notExecutable {
            throw Failure(exitcode: 126, message: "'\(notExecutable)' is not executable")
        }
        throw Failure(exitcode: 127, message: "command not found: \(program)")
    }

    /// The absolute path of a `program` that names its file (it has a `/`), taken relative to
    /// `workingDirectory`; nil for a name to look up in `PATH`. Nothing is checked: a spawn can
    /// exec it straight away and, should that fail, `resolve` says why.
    package static func explicitPath(of program: String, in workingDirectory: String) -> String? {
        guard program.utf8.contains(UInt8(ascii: "/")) else { return nil }
        return program.utf8.first == UInt8(ascii: "/") ? program : workingDirectory + "/" + program
    }

    private static func check(_ path: String, as written: String) throws(Failure) {
        guard exists(path) else { throw Failure(exitcode: 127, message: "'\(written)' not found") }
        guard isExecutableFile(path) else {
            throw Failure(exitcode: 126, message: "'\(written)' is not executable" + (isDirectory(path) ? " (it is a directory)" : ""))
        }
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        !isDirectory(path) && access(path, X_OK) == 0
    }
}
