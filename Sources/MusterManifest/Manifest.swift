/// A validated, fully resolved manifest: what `muster run` executes.
///
/// Every path is absolute, every `${…}` is interpolated, every default is filled in. Values that
/// came from the file keep their `SourceLocation` so later stages (the planner) can point at them.
package struct Manifest: Sendable {
    /// The manifest's path as the user gave it (`examples/hello.yaml`, `<stdin>`).
    package var path: String
    /// The absolute directory relative paths in the manifest resolve against.
    package var directory: String
    /// The project name: `name:` in the manifest, or the manifest directory's name.
    package var name: String
    /// The processes in declaration order.
    package var processes: [ProcessSpec]
    /// The instance count of each entry with `replicas:` (0 included), by the entry's name.
    package var replicaCounts: [String: Int] = [:]

    /// Creates a manifest.
    package init(path: String, directory: String, name: String, processes: [ProcessSpec]) {
        self.path = path
        self.directory = directory
        self.name = name
        self.processes = processes
    }
}

/// One entry of `processes`, resolved.
package struct ProcessSpec: Sendable {
    /// The entry's name (`Process-N` when the list form leaves it out).
    package var name: String
    /// Where the name was written (the mapping key, the `name:` value, or the list item).
    package var nameLocation: SourceLocation
    /// A background service: not joined; torn down when the run ends.
    package var daemon: Bool
    /// What to execute.
    package var command: Command
    /// What this entry waits for, in written order.
    package var dependencies: [Dependency]
    /// How to tell the entry is ready; nil means ready as soon as it has started.
    package var ready: ReadinessProbe?
    /// Variables the manifest sets for this entry (global env files, global env, entry env files,
    /// entry env, in that precedence), added on top of muster's own environment.
    package var environment: [String: String]
    /// Absolute working directory.
    package var workingDirectory: String
    /// Where `cwd:` was written; nil when it was not (the manifest's directory).
    package var workingDirectoryLocation: SourceLocation?
    /// The longest run time, then shutdown and status `timed_out`.
    package var timeout: Duration?
    /// Whether and how the entry comes back after it ends.
    package var restart: RestartPolicy
    /// `retries: N`: how many more times a failed job runs before its failure counts (0: none).
    package var retries = 0
    /// `inputs:`: globs (relative to the working folder) of the files a job reads; a job with
    /// inputs is cached by their contents.
    package var inputs: [String] = []
    /// `outputs:`: globs of the files a job writes; a cached job whose outputs changed runs again.
    package var outputs: [String] = []
    /// How the entry is stopped.
    package var shutdown: ShutdownPolicy
    /// Absolute path of a file the entry's output is also appended to.
    package var logFile: String?
    /// Where `log:` was written.
    package var logFileLocation: SourceLocation?
    /// Resource limits applied (setrlimit) before the command starts.
    package var limits: ProcessLimits = .init()
    /// The container image for `muster export`'s container targets (`postgres:16`); nil when the
    /// entry names none. `muster run` does not use it.
    package var image: String?
    /// `profiles:`: the entry runs only when one of them is enabled; none means always.
    package var profiles: [String] = []
    /// Where `profiles:` was written.
    package var profilesLocation: SourceLocation?
    /// `disabled: true`: left out, with everything that needs it.
    package var disabled = false
    /// Where `disabled:` was written.
    package var disabledLocation: SourceLocation?
    /// For an instance of an entry with `replicas:`, the entry's own name (`web` for `web-2`);
    /// nil for an entry without `replicas:`.
    package var replicaOf: String?
    /// Which instance this is, 1…N (`MUSTER_REPLICA`); 0 without `replicas:`.
    package var replica = 0
    /// `watch:`: what is watched in `up`; nil when the entry watches nothing.
    package var watch: WatchSpec?

    /// Creates a process spec.
    package init(
        name: String, nameLocation: SourceLocation, daemon: Bool = false, command: Command,
        dependencies: [Dependency] = [], ready: ReadinessProbe? = nil, environment: [String: String] = [:],
        workingDirectory: String, timeout: Duration? = nil, restart: RestartPolicy = .init(),
        shutdown: ShutdownPolicy = .init(), logFile: String? = nil
    ) {
        self.name = name
        self.nameLocation = nameLocation
        self.daemon = daemon
        self.command = command
        self.dependencies = dependencies
        self.ready = ready
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.restart = restart
        self.shutdown = shutdown
        self.logFile = logFile
    }
}

/// A command: a string run by `/bin/sh -c`, or an argv executed directly with a PATH lookup.
package enum Command: Sendable, Hashable {
    /// `command: "echo hi && sleep 1"`.
    case shell(String)
    /// `command: ["sleep", "1"]`; never empty.
    case argv([String])

    /// The argv to execute: `["/bin/sh", "-c", script]` for shell commands.
    package var arguments: [String] {
        switch self {
        case .shell(let script): return ["/bin/sh", "-c", script]
        case .argv(let argv): return argv
        }
    }
}

/// An edge of the dependency graph as written: this entry waits until `name` meets `condition`.
package struct Dependency: Sendable, Hashable {
    /// The dependency's name.
    package var name: String
    /// What the dependent waits for.
    package var condition: DependencyCondition
    /// Where the dependency was named (its list item or mapping key).
    package var location: SourceLocation

    /// Creates a dependency.
    package init(name: String, condition: DependencyCondition, location: SourceLocation) {
        self.name = name
        self.condition = condition
        self.location = location
    }
}

/// When a dependency counts as met.
package enum DependencyCondition: String, Sendable, Hashable, CaseIterable {
    /// The dependency was spawned.
    case started
    /// Its readiness probe passed (= started without a probe).
    case ready
    /// It exited, with any code.
    case completed
    /// It exited 0.
    case succeeded
}

/// A readiness probe: one check, repeated every `interval` until it passes or `timeout` runs out.
package struct ReadinessProbe: Sendable, Hashable {
    /// What is checked.
    package enum Check: Sendable, Hashable {
        /// A command that exits 0 when the entry is ready, run with the entry's env and cwd.
        case exec(Command)
        /// A TCP connection to `host:port` is accepted.
        case tcp(host: String, port: Int)
        /// `GET url` answers 2xx or 3xx. Only `http://` URLs.
        case http(url: String)
        /// A line of the entry's output matches this regular expression (searched, not full-matched).
        case log(pattern: String)
    }

    /// What is checked.
    package var check: Check
    /// Time between attempts.
    package var interval: Duration
    /// Overall time before the entry is declared not ready.
    package var timeout: Duration
    /// Time after start before the first attempt.
    package var initialDelay: Duration

    /// Creates a probe with the defaults of SPEC §1: 250ms interval, 60s timeout, no delay.
    package init(
        check: Check, interval: Duration = .milliseconds(250), timeout: Duration = .seconds(60),
        initialDelay: Duration = .zero
    ) {
        self.check = check
        self.interval = interval
        self.timeout = timeout
        self.initialDelay = initialDelay
    }
}

/// `restart:` with `max_restarts` and `backoff`.
package struct RestartPolicy: Sendable, Hashable {
    /// When an entry that ended is started again.
    package enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Never.
        case no
        /// After a non-zero exit or a signal.
        case onFailure = "on-failure"
        /// After any exit.
        case always
    }

    /// When to restart.
    package var mode: Mode
    /// How many restarts at most; nil for no limit.
    package var maxRestarts: Int?
    /// The first delay before a restart; it doubles after each one, capped at 30 s.
    package var backoff: Duration

    /// Creates a policy; the default never restarts.
    package init(mode: Mode = .no, maxRestarts: Int? = nil, backoff: Duration = .seconds(1)) {
        self.mode = mode
        self.maxRestarts = maxRestarts
        self.backoff = backoff
    }
}

/// `shutdown:`: the signal sent to the entry's process group, and the grace before SIGKILL.
package struct ShutdownPolicy: Sendable, Hashable {
    /// The signal number (SIGTERM = 15 by default).
    package var signal: Int32
    /// The grace period before SIGKILL.
    package var timeout: Duration

    /// Creates a policy; the default is SIGTERM with 10 s of grace.
    package init(signal: Int32 = 15, timeout: Duration = .seconds(10)) {
        self.signal = signal
        self.timeout = timeout
    }
}

/// `limits:`: resource limits set on the entry before its command starts, as `ulimit` would.
package struct ProcessLimits: Sendable, Hashable {
    /// A limit: a number (files, processes, bytes, seconds) or none.
    package enum Value: Sendable, Hashable {
        case limited(UInt64)
        case unlimited
    }

    /// Open files (`RLIMIT_NOFILE`).
    package var nofile: Value?
    /// Processes of the user (`RLIMIT_NPROC`).
    package var nproc: Value?
    /// Core file size in bytes (`RLIMIT_CORE`).
    package var core: Value?
    /// CPU seconds (`RLIMIT_CPU`); past it the process gets SIGXCPU, and SIGKILL a second later.
    package var cpu: Value?
    /// Address space in bytes (`RLIMIT_AS`).
    package var addressSpace: Value?

    /// No limits.
    package init() {}

    /// Whether any limit is set.
    package var isEmpty: Bool { self == ProcessLimits() }

    /// The limits as `prlimit` options (`--nofile=1024`, `--cpu=unlimited`).
    package var prlimitOptions: [String] {
        let named: [(String, Value?)] = [("nofile", nofile), ("nproc", nproc), ("core", core), ("cpu", cpu), ("as", addressSpace)]
        return named.compactMap { name, value in
            value.map { value in
                switch value {
                // The hard CPU limit a second after the soft one: SIGXCPU first, then SIGKILL.
                case .limited(let number) where name == "cpu": return "--cpu=\(number):\(number + 1)"
                case .limited(let number): return "--\(name)=\(number)"
                case .unlimited: return "--\(name)=unlimited"
                }
            }
        }
    }
}
