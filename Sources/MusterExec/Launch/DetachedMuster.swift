internal import CMusterLinux
internal import Glibc
internal import MusterControl
internal import MusterManifest

/// A muster started in the background by `muster up -d`: the same executable, in a session of its
/// own (no terminal, so Ctrl-C in the shell that started it does not reach it), standard input on
/// /dev/null, its events and the entries' lines appended to a run log.
package struct DetachedMuster: Sendable {
    /// Its pid.
    package let pid: Int32
    private let pidfd: Int32

    /// Starts `muster arguments…` detached, its output in the file `log` (made anew).
    ///
    /// - Throws: `ExecutionError` when the log cannot be made or the spawn fails.
    package static func start(_ arguments: [String], log: String, environment: [String: String]) throws(ExecutionError) -> DetachedMuster {
        let executable = ProcFiles.link("/proc/self/exe") ?? CommandLine.arguments[0]
        if let problem = ControlPaths.makeFolder(environment: environment) { throw ExecutionError(problems: [problem]) }
        let output = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw ExecutionError(problems: ["cannot create the run log \(log): \(SystemError.text(errno))"]) }
        defer { close(output) }
        var pid: Int32 = 0
        var pidfd: Int32 = -1
        let directory = FileReader.currentDirectory()
        let result = withCStrings(["muster"] + arguments) { argv in
            withCStrings(environment.map { "\($0.key)=\($0.value)" }) { environment in
                muster_spawn_session(executable, argv, environment, directory, output, &pid, &pidfd)
            }
        }
        guard result == 0 else { throw ExecutionError(problems: ["cannot start a detached muster: \(SystemError.text(result))"]) }
        return DetachedMuster(pid: pid, pidfd: pidfd)
    }

    /// Its exit status if it has ended (it is reaped then), else nil.
    package func exitStatus() -> Int32? {
        var code: Int32 = 0
        var signal: Int32 = 0
        guard muster_reap(pidfd, &code, &signal) == 1 else { return nil }
        close(pidfd)
        return signal == 0 ? code : 128 + signal
    }
}
