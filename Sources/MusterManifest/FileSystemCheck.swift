internal import Glibc

/// What `run` needs of the file system before anything starts — every `cwd` is a folder it can
/// enter, every `log:` file can be appended to — checked ahead and reported as diagnostics at the
/// value, so that `check` finds whatever `run` would refuse.
///
/// Nothing is left behind: an existing log file is opened for appending (never created) and
/// closed; for a missing one, a file (or a folder, when folders are to be made) is created in its
/// deepest existing folder and removed again, since `access()` says yes to root even where
/// creating fails (a read-only mount, `/proc`).
package enum FileSystemCheck {
    /// One error per unusable `cwd` or `log:` of `manifest`, at the value (or the entry's name).
    package static func diagnostics(for manifest: Manifest) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for process in manifest.processes {
            if let problem = workingDirectoryProblem(process.workingDirectory) {
                diagnostics.append(.error(problem, at: process.workingDirectoryLocation ?? process.nameLocation))
            }
            if let log = process.logFile, let problem = logFileProblem(log) {
                diagnostics.append(.error(problem, at: process.logFileLocation ?? process.nameLocation))
            }
        }
        return diagnostics
    }

    /// Why the absolute `path` cannot be a working directory, or nil when it can.
    package static func workingDirectoryProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return "the working directory \(path) does not exist; create it or fix 'cwd'" }
            return "cannot use the working directory \(path): \(SystemError.text(errno))"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return "the working directory \(path) is not a folder; fix 'cwd'"
        }
        guard access(path, X_OK) == 0 else {
            return "cannot enter the working directory \(path): \(SystemError.text(errno))"
        }
        return nil
    }

    /// Why output cannot be appended to the absolute `path`, or nil when it can.
    package static func logFileProblem(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT != S_IFDIR else { return "the log file \(path) is a folder; name a file" }
            let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
            guard fd >= 0 else {
                // A FIFO nobody reads yet refuses a non-blocking open; `run` will wait for a reader.
                if errno == ENXIO { return nil }
                return "cannot append to the log file \(path): \(SystemError.text(errno))"
            }
            close(fd)
            return nil
        }
        guard errno == ENOENT else { return "cannot use the log file \(path): \(SystemError.text(errno))" }
        let parent = Paths.directory(of: path)
        var folder = parent
        while stat(folder, &info) != 0 {
            guard errno == ENOENT, folder != "/" else {
                return "cannot create the log file \(path): \(folder): \(SystemError.text(errno))"
            }
            folder = Paths.directory(of: folder)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return "cannot create the log file \(path): \(folder) is not a folder"
        }
        if folder == parent {
            if let reason = tryCreating(in: folder, folder: false) {
                return "cannot create the log file \(path): creating a file in \(folder) fails (\(reason))"
            }
        } else if let reason = tryCreating(in: folder, folder: true) {
            return "cannot create the log file \(path): making a folder in \(folder) fails (\(reason))"
        }
        return nil
    }

    /// Makes a uniquely named file (or folder) in `directory` and removes it; nil when that
    /// worked, else why not.
    private static func tryCreating(in directory: String, folder: Bool) -> String? {
        let prefix = directory == "/" ? "" : directory
        var template = Array("\(prefix)/.muster-check-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            let name = buffer.baseAddress!
            if folder {
                guard mkdtemp(name) != nil else { return SystemError.text(errno) }
                rmdir(name)
            } else {
                let fd = mkstemp(name)
                guard fd >= 0 else { return SystemError.text(errno) }
                close(fd)
                unlink(name)
            }
            return nil
        }
    }
}
