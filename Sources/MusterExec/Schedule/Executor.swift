internal import Glibc
internal import MusterControl
internal import Synchronization
internal import MusterManifest
package import MusterPlan

/// Runs a plan: launches entries as their dependency conditions hold, joins the jobs, tears the
/// daemons down in reverse dependency order, and returns every entry's record.
///
/// One event loop owns all run state; process runs, timeouts and signals report to it as
/// `ExecutorEvent`s. Nothing polls: the loop sleeps until something happens. A child that fails
/// is a result in the record, never a thrown error.
package struct Executor: Sendable {
    private let plan: Plan
    private let options: ExecutionOptions

    /// An executor of `plan` with `options`.
    package init(plan: Plan, options: ExecutionOptions) {
        self.plan = plan
        self.options = options
    }

    /// What names the run's control socket: the manifest's absolute path (unique per muster for
    /// a manifest read from standard input).
    private var controlIdentity: String {
        let manifest = plan.manifest
        if manifest.path == "<stdin>" { return manifest.directory + "/<stdin>-\(getpid())" }
        return manifest.directory + "/" + (manifest.path.split(separator: "/").last.map(String.init) ?? manifest.path)
    }

    /// The most entries a stage of the plan may hold for the loop to run on the child reactor's
    /// thread. There each end is read and the next entry launched with no other thread to wake
    /// (a chain of 300 `true`: 1.31 -> 1.23 times the C floor); but one thread spawning a wide
    /// stage cannot reap meanwhile, and with hundreds of children to share the CPUs with it falls
    /// behind (400 at once: 1.20 -> 1.29; 1,000: 1.11 -> 1.22). Wider plans run the loop on the
    /// cooperative pool, beside the reactor. Measured in Benchmarks/README.md.
    static let widestStageOnReactor = 128

    /// Runs the plan to its end and returns the record of the run.
    ///
    /// - Throws: `ExecutionError` when a preflight check fails (nothing is started then).
    package func run() async throws(ExecutionError) -> RunRecord {
        let narrow = plan.stages.allSatisfy { $0.count <= Self.widestStageOnReactor }
        return try await withTaskExecutorPreference(narrow ? ChildReactor.shared : nil) {
            () async throws(ExecutionError) -> RunRecord in
            try await runLoop()
        }
    }

    private func runLoop() async throws(ExecutionError) -> RunRecord {
        let logFiles = try Preflight.check(plan)
        ResourceLimits.prepareProcess()
        let startedAt = WallTime.now()
        let authkey = Authkey.random()
        let events = EventQueue()
        let logPatterns = plan.processes.map { process -> String? in
            if case .log(let pattern) = process.ready?.check { return pattern }
            return nil
        }
        let output = OutputMultiplexer(
            names: plan.processes.map(\.name), logFiles: logFiles, style: options.style, logPatterns: logPatterns,
            jobs: plan.processes.map { !$0.daemon }, onLogMatch: { events.yield(.ready($0)) })
        let control = try ControlServer.start(
            manifestPath: controlIdentity, environment: options.environment, authkey: authkey, events: events,
            output: output)
        let listener = SignalListener(events: events)
        let lateSignal = Mutex<Int32?>(nil)
        var state = RunState(
            plan: plan, options: options, output: output, authkey: authkey, events: events,
            controlSocket: control.paths.socket, startedAt: startedAt, manifestPath: controlIdentity)
        // A discarding group: a long `up` launches without bound, and finished children must not pile up.
        await withDiscardingTaskGroup { group in
            ChildReactor.shared.observeOtherChildren(Handler { events.yield($0) })
            state.watchdog = OrphanWatchdog.start(authkey: authkey)
            state.startWatching()
            state.advance()
            state.startTasks(in: &group)
            while !state.isOver {
                state.handle(await events.next())
                state.startTasks(in: &group)
                state.publishStateChanges()
            }
            state.stopWatching()
            // What was said and written is out before the summary that follows the run.
            output.flush()
            control.stopAccepting()
            ChildReactor.shared.observeOtherChildren(nil)
            // The loop is over; a signal now kills what is left at once, and still counts.
            let groups = state.leftoverGroups.map(\.pgid)
            listener.reroute { number in
                lateSignal.withLock { $0 = $0 ?? number }
                ProcessGroups.killAll(groups)
            }
            await ProcessGroups.shutDown(state.leftoverGroups, grace: state.longestGrace)
            ProcessGroups.killStrays(keeping: Set([state.watchdog?.pid].compactMap { $0 }))
            state.watchdog?.dismiss()
            // Only timers (restart backoffs) and probes can be left; the group's end waits for them.
            group.cancelAll()
        }
        listener.stop()
        if let number = lateSignal.withLock({ $0 }) { state.signalledLate(number) }
        state.cache?.save()
        let record = state.record(startedAt: startedAt, finishedAt: .now(), authkey: authkey)
        let ended = EndedRun(state: state, record: record)
        control.finish { ended.finalResponse() }
        return record
    }
}

/// A run's state once its loop is over, for the final answer to control clients, which is made
/// only if one asks (on its connection's thread, once, under `RunEnd`'s lock).
///
/// Unchecked: the state is a copy that nothing changes any more.
private final class EndedRun: @unchecked Sendable {
    private var state: RunState
    private let record: RunRecord

    init(state: RunState, record: RunRecord) {
        self.state = state
        self.record = record
    }

    func finalResponse() -> ControlResponse { state.finalResponse(record) }
}
