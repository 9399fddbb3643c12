internal import CMusterLinux
internal import Glibc
package import MusterManifest

/// How an entry's main process ended.
package enum Termination: Sendable, Hashable {
    /// `exit(code)`.
    case exited(Int32)
    /// Killed by a signal.
    case signaled(Int32)
    /// Never ran: 127/126 as a shell would say, or nil for other spawn failures.
    case couldNotStart(exitcode: Int32?, message: String)

    /// Python's `exitcode`: N, -S for signal S, or 127/126; nil when it never ran otherwise.
    package var exitcode: Int32? {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return -signal
        case .couldNotStart(let code, _): return code
        }
    }

    /// "exited 1", "killed by SIGTERM", "could not start: …".
    package var description: String {
        switch self {
        case .exited(let code): return "exited \(code)"
        case .signaled(let signal): return "killed by \(Signals.name(signal))"
        case .couldNotStart(_, let message): return "could not start: \(message)"
        }
    }
}

/// Everything the launcher needs to start one entry.
package struct Launch: Sendable {
    /// The entry's index in the plan.
    package var index: Int
    /// Its spec.
    package var spec: ProcessSpec
    /// What every entry of the run gets.
    var shared: SharedEnvironment
    /// The entry's own variables (and `MUSTER_NAME`), over the shared ones.
    var own: [String: String]

    /// The complete environment of the child.
    var environment: [String: String] { shared.variables.merging(own) { _, own in own } }

    /// One variable of the child's environment.
    func variable(_ key: String) -> String? { own[key] ?? shared.variables[key] }
}

/// A child just spawned, whose output pipes nobody reads yet: the caller records its start (and
/// says so) before it hands the pipes to the `ChildReactor`, so that no line of the child's can be
/// shown before its `started` event.
struct SpawnedChild {
    /// The running instance.
    let process: ChildProcess
    /// The non-blocking read ends of its standard output and error.
    let pipes: [Int32]
}

/// Starts entries' processes: each in a process group of its own, standard input from /dev/null,
/// output through pipes, to be watched and reaped by the `ChildReactor`.
///
/// This is muster's hot path, so it spawns directly with clone and exec (`muster_spawn`) and a
/// pidfd instead of swift-subprocess, which costs a spawn thread, a monitor thread and I/O tasks
/// per child (measured: 1.6 times the C floor for 1,000 `true`; see Benchmarks/README.md).
enum ProcessLauncher {
    /// What came of a spawn.
    enum Outcome {
        /// The child runs.
        case spawned(SpawnedChild)
        /// It never ran, and this is how its end is reported.
        case failed(Termination)
    }

    /// /dev/null, opened once for every child's standard input (a dup is cheaper than an open by
    /// name in each child); -1, for each child to open it, if it cannot be opened.
    private static let nullInput = open("/dev/null", O_RDONLY | O_CLOEXEC)

    /// muster's working directory, where a child whose entry runs there starts without a chdir.
    private static let ownDirectory: String? = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Spawns `launch`'s process.
    static func spawn(_ launch: Launch) -> Outcome {
        let spec = launch.spec
        var argv = spec.command.arguments
        var executable: String
        // A path is exec'd without a look first (a look costs two stats and an access per entry),
        // unless prlimit is to exec it, which would report its failure on its own terms.
        if spec.limits.isEmpty, let path = ExecutableResolver.explicitPath(of: argv[0], in: spec.workingDirectory) {
            executable = path
        } else {
            do {
                executable = try resolve(launch)
            } catch {
                return .failed(.couldNotStart(exitcode: error.exitcode, message: error.message))
            }
        }
        if !spec.limits.isEmpty {
            // prlimit sets the limits on itself and execs the command in place: the entry's
            // process is still the command, with the same pid.
            do {
                let prlimit = try ExecutableResolver.resolve(
                    "prlimit", path: launch.variable("PATH") ?? "/usr/bin:/bin", workingDirectory: spec.workingDirectory)
                argv = ["prlimit"] + spec.limits.prlimitOptions + ["--", executable] + argv.dropFirst()
                executable = prlimit
            } catch {
                return .failed(.couldNotStart(exitcode: error.exitcode, message: error.message + " ('limits:' needs prlimit, from util-linux)"))
            }
        }
        var pipes: [(read: Int32, write: Int32)] = []
        defer {
            for pipe in pipes { Glibc.close(pipe.write) }
        }
        for _ in 0..<2 {
            var ends: [Int32] = [-1, -1]
            guard muster_output_pipe(&ends) == 0 else {
                for pipe in pipes { Glibc.close(pipe.read) }
                return .failed(.couldNotStart(exitcode: nil, message: "no pipe for its output: \(SystemError.text(errno))"))
            }
            pipes.append((ends[0], ends[1]))
        }
        var pid: Int32 = 0
        var pidfd: Int32 = -1
        let result = withCStrings(argv) { argv in
            launch.shared.withEnvironment(overriding: launch.own) { environment in
                // The child starts in muster's directory: a path lookup saved when that is the one.
                let directory = spec.workingDirectory == ownDirectory ? nil : spec.workingDirectory
                return muster_spawn(
                    executable, argv, environment, directory, nullInput, pipes[0].write, pipes[1].write, &pid, &pidfd)
            }
        }
        guard result == 0 else {
            for pipe in pipes { Glibc.close(pipe.read) }
            // A program that is missing or not executable is reported as a look first would have.
            do {
                _ = try resolve(launch)
            } catch {
                return .failed(.couldNotStart(exitcode: error.exitcode, message: error.message))
            }
            return .failed(termination(ofSpawnError: result, argv[0], in: spec.workingDirectory))
        }
        return .spawned(SpawnedChild(process: ChildProcess(pid: pid, pidfd: pidfd), pipes: pipes.map(\.read)))
    }

    /// The program of `launch`'s command, looked up as a shell would.
    private static func resolve(_ launch: Launch) throws(ExecutableResolver.Failure) -> String {
        try ExecutableResolver.resolve(
            launch.spec.command.arguments[0], path: launch.variable("PATH"), workingDirectory: launch.spec.workingDirectory)
    }

    /// How a spawn that failed with `error` is reported. The program exists and is executable (a
    /// look found it), so the kernel refused it, and the shell's exit codes apply.
    private static func termination(ofSpawnError error: Int32, _ program: String, in directory: String) -> Termination {
        var status = stat()
        if stat(directory, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR || access(directory, X_OK) != 0 {
            return .couldNotStart(exitcode: nil, message: "cannot change to the working directory \(directory)")
        }
        switch error {
        case ENOENT:
            return .couldNotStart(
                exitcode: 127, message: "'\(program)': bad interpreter (its #! line names a program that does not exist)")
        case ENOEXEC:
            return .couldNotStart(
                exitcode: 126, message: "'\(program)' cannot be executed: exec format error (a script needs a #! line)")
        case EACCES:
            return .couldNotStart(exitcode: 126, message: "'\(program)' cannot be executed: permission denied")
        case EAGAIN, ENOMEM:
            return .couldNotStart(
                exitcode: nil,
                message: "no new process could be made (\(SystemError.text(error))): the process limit (ulimit -u) or memory is exhausted")
        default:
            return .couldNotStart(exitcode: nil, message: "'\(program)' cannot be executed: \(SystemError.text(error))")
        }
    }
}
