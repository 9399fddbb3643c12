package import MusterManifest

/// An entry's status, live (`pending`, `running`) or final.
package enum EntryStatus: String, Sendable, Hashable, CaseIterable {
    /// Not started yet.
    case pending
    /// Started and not ended.
    case running
    /// Ended, and waiting out its restart backoff to start again.
    case restarting
    /// Ended with exit status 0 (a job, or a daemon that ended on its own with 0).
    case succeeded
    /// Ended otherwise, could not be executed, or (a daemon) died before teardown.
    case failed
    /// Shut down because it ran past its `timeout`.
    case timedOut = "timed_out"
    /// Never started: a dependency condition could no longer hold.
    case skipped
    /// Ended after muster signalled it: a daemon shut down at the end of the run, or an entry
    /// stopped with `muster stop` or `muster down`; not a failure.
    case terminated
    /// Shut down by `--fail-fast` or by SIGINT/SIGTERM to muster.
    case interrupted
    /// Not run: a job whose inputs, command, env and dependencies match its last successful run,
    /// and whose outputs are unchanged. Counts as `succeeded`.
    case cached

    /// Whether this final status makes `run` exit 1.
    package var isFailure: Bool { self == .failed || self == .timedOut || self == .skipped }
}

/// Everything known about one entry: the attributes of Python's `multiprocessing.Process`
/// (`name`, `daemon`, `pid`, `exitcode`, `is_alive()`, `sentinel`) plus status and timing.
package struct EntryRecord: Sendable {
    /// The entry's name.
    package var name: String
    /// Whether it is a daemon.
    package var daemon: Bool
    /// The command as written.
    package var command: Command
    /// Dependency name → resolved condition, in written order.
    package var dependsOn: [(name: String, condition: DependencyCondition)]
    /// The process id; nil until started.
    package var pid: Int32?
    /// 0, N for exit(N), -S for signal S; nil until ended.
    package var exitcode: Int32?
    /// From start until ended and reaped.
    package var alive = false
    /// Where the entry is.
    package var status: EntryStatus = .pending
    /// Why it was skipped or failed, for people.
    package var reason: String?
    /// Whether its readiness condition held.
    package var ready = false
    /// How many times it was restarted.
    package var restarts = 0
    /// When it started.
    package var startedAt: WallTime?
    /// When it ended.
    package var finishedAt: WallTime?
    /// The handle muster waits on for its end (the pidfd), nil when not started.
    package var sentinel: Int32?
    /// The last lines it wrote (stdout and stderr), oldest first, for JUnit failures.
    package var lastLines: [String] = []
    /// How many times it was started: 1 + retries + restarts (0 when it never started, or was
    /// cached).
    package var attempts = 0
    /// Whether it was not run because the cache had its last successful run.
    package var cached = false
    /// When its readiness condition last held (its start when it has no probe).
    package var readyAt: WallTime?
    /// The instances before the last one, oldest first: failed attempts of a job that `retries`,
    /// and the instances a restart replaced.
    package var instances: [EntryInstance] = []

    /// The instances that failed before a later attempt of a job ran (what makes it flaky).
    package var failedAttempts: [EntryInstance] { daemon ? [] : instances.filter { $0.exitcode != 0 } }

    /// Seconds between start and end (or nil).
    package var duration: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt.seconds - startedAt.seconds
    }

    /// A fresh, pending record for `spec`.
    package init(_ spec: ProcessSpec) {
        name = spec.name
        daemon = spec.daemon
        command = spec.command
        dependsOn = spec.dependencies.map { ($0.name, $0.condition) }
    }
}

/// One earlier instance of an entry: a failed attempt before a retry, or an instance a restart
/// replaced.
package struct EntryInstance: Sendable {
    /// When it started.
    package var startedAt: WallTime
    /// When its readiness condition held, if it did.
    package var readyAt: WallTime?
    /// When it ended.
    package var finishedAt: WallTime
    /// 0, N for exit(N), -S for signal S; nil when it could not start.
    package var exitcode: Int32?
    /// How it ended, for people: `exited 1`, `killed by SIGKILL`.
    package var ending: String
    /// Its last lines of output, oldest first (kept for failed attempts, for JUnit).
    package var lastLines: [String]

    /// Creates an instance.
    package init(
        startedAt: WallTime, readyAt: WallTime?, finishedAt: WallTime, exitcode: Int32?, ending: String, lastLines: [String]
    ) {
        self.startedAt = startedAt
        self.readyAt = readyAt
        self.finishedAt = finishedAt
        self.exitcode = exitcode
        self.ending = ending
        self.lastLines = lastLines
    }
}

/// How a run ended as a whole.
package enum RunOutcome: String, Sendable, Hashable {
    /// Every job succeeded and no daemon failed.
    case succeeded
    /// Something failed, timed out or was skipped.
    case failed
    /// SIGINT/SIGTERM or `--fail-fast` stopped it.
    case interrupted
}

/// The result of `Executor.run`: every entry's record and muster's exit status.
package struct RunRecord: Sendable {
    /// The manifest path as given.
    package var manifestPath: String
    /// The project name.
    package var name: String
    /// How it ended.
    package var outcome: RunOutcome
    /// muster's exit status: 0, 1, 130 or 143.
    package var exitCode: Int32
    /// When the run started.
    package var startedAt: WallTime
    /// When it ended.
    package var finishedAt: WallTime
    /// A fingerprint of the run's authkey (never the key).
    package var authkeyFingerprint: String
    /// The entries in declaration order.
    package var entries: [EntryRecord]

    /// Creates a record.
    package init(
        manifestPath: String, name: String, outcome: RunOutcome, exitCode: Int32, startedAt: WallTime,
        finishedAt: WallTime, authkeyFingerprint: String, entries: [EntryRecord]
    ) {
        self.manifestPath = manifestPath
        self.name = name
        self.outcome = outcome
        self.exitCode = exitCode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.authkeyFingerprint = authkeyFingerprint
        self.entries = entries
    }
}
