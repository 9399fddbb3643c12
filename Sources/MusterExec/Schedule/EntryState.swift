internal import MusterManifest

/// Everything the executor's loop keeps about one entry while the run goes: its record (what the
/// report and `ps` show) and the live parts behind it — the running instance, its probe, how it is
/// being stopped, its restart streak, and the control requests waiting on it.
///
/// Owned by `RunState`, one per entry of the plan, changed only on the loop.
struct EntryState {
    /// What a control request waits for before it is answered.
    enum ControlGoal {
        /// The entry has ended.
        case ended
        /// The entry is ready again (or has ended trying, which fails the request).
        case ready
    }

    /// The attributes reported for the entry.
    var record: EntryRecord
    /// The running instance, while there is one.
    var child: ChildProcess?
    /// Stops the running readiness probe.
    var probeStop: AsyncStream<Void>.Continuation?
    /// What the entry was last launched with.
    var launch: Launch?
    /// From the launch until the main process has been reaped (or could not start).
    var alive = false
    /// When the current instance started.
    var startInstant: ContinuousClock.Instant?
    /// The status the entry gets when it ends because muster stopped it.
    var stopStatus: EntryStatus?
    /// Whether muster has sent the current instance its shutdown signal.
    var shutDownSent = false
    /// Whether that signal reached the instance while it still ran (its end is then muster's
    /// doing, and its status the one in `stopStatus`).
    var signalled = false
    /// While waiting out a restart backoff: how the last instance ended.
    var restartPending: Termination?
    /// The job's cache key, once worked out at its first launch (its dependents' keys use it).
    var cacheKey: String?
    /// The pending start is a job's next attempt under `retries:`, not a restart.
    var retryPending = false
    /// Restarts in a row without a long enough run in between (the backoff exponent).
    var restartStreak = 0
    /// Being stopped by `muster restart`, to be launched again once it has ended.
    var restartAfterStop = false
    /// Stopped with `muster stop` and not started again: `up` waits for it to be started.
    var stoppedByHand = false
    /// Reset by a reload or a watched change while an instance ran: once that instance has
    /// ended, the entry waits for its dependencies again, then starts anew.
    var resetPending = false
    /// Removed by a reload: out of `ps` and the report, never started again.
    var removed = false
    /// Control requests waiting for the entry to end or become ready.
    var controlWaiters: [(goal: ControlGoal, replier: ControlReplier)] = []

    /// A pending entry of `spec`.
    init(_ spec: ProcessSpec) {
        record = EntryRecord(spec)
    }
}

/// The attributes of an entry that `subscribe` clients are told about when they change.
struct PublishedState: Equatable {
    var status: EntryStatus
    var ready: Bool
    var pid: Int32?
    var alive: Bool
    var exitcode: Int32?
    var restarts: Int
}
