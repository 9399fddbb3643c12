internal import Glibc
internal import MusterManifest
internal import MusterPlan

/// Checks made before anything starts: every working directory exists and every `log:` file can
/// be opened for appending (its folders are created).
enum Preflight {
    /// The opened `log:` files, one per entry (nil where there is none).
    ///
    /// - Throws: `ExecutionError` listing every problem; nothing is left open then.
    static func check(_ plan: Plan) throws(ExecutionError) -> [Int32?] {
        var problems: [String] = []
        var files: [Int32?] = []
        for process in plan.processes {
            var info = stat()
            if stat(process.workingDirectory, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
                problems.append(
                    "\(process.name): the working directory \(process.workingDirectory) does not exist; create it or fix 'cwd'")
            }
            guard let log = process.logFile else {
                files.append(nil)
                continue
            }
            makeFolders(for: log)
            let fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 {
                problems.append("\(process.name): cannot open the log file \(log): \(SystemError.text(errno))")
                files.append(nil)
            } else {
                files.append(fd)
            }
        }
        guard problems.isEmpty else {
            for fd in files.compactMap({ $0 }) { close(fd) }
            throw ExecutionError(problems: problems)
        }
        return files
    }

    /// `process`'s `log:` file opened for appending (its folders made), or nil when it has none or
    /// it cannot be opened (a reload's entry then writes no log file).
    static func openLog(of process: ProcessSpec) -> Int32? {
        guard let log = process.logFile else { return nil }
        makeFolders(for: log)
        let fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        return fd < 0 ? nil : fd
    }

    /// `mkdir -p` of the folder holding `path`.
    private static func makeFolders(for path: String) {
        var folder = ""
        for part in path.split(separator: "/").dropLast() {
            folder += "/" + part
            mkdir(folder, 0o755)
        }
    }
}
