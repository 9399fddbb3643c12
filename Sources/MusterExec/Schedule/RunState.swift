internal import CMusterLinux
internal import Glibc
internal import MusterControl
internal import MusterManifest
internal import MusterPlan

/// The state of one run, owned by the executor's event loop.
struct RunState {
    /// Where the run as a whole is.
    enum Mode {
        /// Starting entries as their conditions hold.
        case running
        /// The jobs are done: daemons are being torn down.
        case windingDown
        /// `--fail-fast` or a signal: everything is being shut down.
        case stopping
    }

    let plan: Plan
    let options: ExecutionOptions
    let output: OutputMultiplexer
    let authkey: Authkey
    let events: AsyncStream<ExecutorEvent>.Continuation
    /// What every entry's environment has: muster's, the authkey and the control socket.
    let sharedEnvironment: SharedEnvironment
    var scheduler: Scheduler
    /// Every entry's state, in declaration order.
    var entries: [EntryState]
    /// How many entries are alive, and how many may be (the file-descriptor budget).
    var aliveCount = 0
    let aliveLimit = ResourceLimits.concurrentChildren
    /// The process group of every instance started (restarts included), for the final clean-up.
    /// (Each group's id is its first process's pid; the value is its entry's shutdown signal.)
    var instanceGroups: [Int32: Int32] = [:]
    /// An exited child was seen while an entry's main process was still to be reaped: look for
    /// orphans again once that end is in.
    var orphanCheckPending = false
    /// Daemons are being torn down before the run ends, because jobs wait for them to end.
    var tearingDownForJobs = false
    /// Kills every entry's process group if muster dies without ending the run.
    var watchdog: OrphanWatchdog?
    /// `muster down`, or a signal to `muster up`: the user ended the run, which is not a failure.
    var stoppedByUser = false
    var mode = Mode.running
    var exitCodeOverride: Int32?
    var failedFast = false
    var signals = 0
    let clock = ContinuousClock()
    /// Tasks (probes, restart backoffs) for the loop to start in its task group.
    var tasksToStart: [@Sendable () async -> Void] = []

    init(
        plan: Plan, options: ExecutionOptions, output: OutputMultiplexer, authkey: Authkey,
        events: AsyncStream<ExecutorEvent>.Continuation, controlSocket: String?
    ) {
        var shared = options.environment
        shared["MUSTER_AUTHKEY"] = authkey.hex
        if let socket = controlSocket { shared["MUSTER_CONTROL_SOCKET"] = socket }
        sharedEnvironment = SharedEnvironment(shared)
        self.plan = plan
        self.options = options
        self.output = output
        self.authkey = authkey
        self.events = events
        scheduler = Scheduler(plan: plan, jobLimit: options.jobLimit)
        entries = plan.processes.map(EntryState.init)
    }

    /// Whether the run is over: it stopped starting entries and none is alive.
    var isOver: Bool { mode != .running && aliveCount == 0 }

    /// Applies one event, then launches, winds down or signals whatever it made possible. Tasks it
    /// needs (probes, restart backoffs) wait in `tasksToStart` for the loop's task group.
    mutating func handle(_ event: ExecutorEvent) {
        switch event {
        case .ready(let index):
            guard entries[index].alive, !entries[index].record.ready else { break }
            entries[index].probeStop?.finish()
            entries[index].record.ready = true
            say("\(name(index)) ready after \(elapsed(index))")
            answerControlWaiters(index, reached: .ready)
            skip(scheduler.markReady(index))
        case .notReady(let index, let why):
            guard entries[index].alive, entries[index].stopStatus == nil else { break }
            entries[index].record.reason = why
            say("\(name(index)) failed: \(why)")
            stopNow(index, status: .failed)
        case .timedOut(let index):
            guard entries[index].alive, !entries[index].signalled else { break }
            let limit = plan.processes[index].timeout?.shortDescription ?? "?"
            entries[index].record.reason = "timed out after \(limit)"
            say("\(name(index)) timed out after \(limit); stopping it")
            stopNow(index, status: .timedOut)
        case .ended(let index, let termination):
            entries[index].probeStop?.finish()
            end(index, termination)
            forgetEndedGroup(of: index)
        case .restartDue(let index):
            restart(index)
        case .control(let request, let replier):
            control(request, replier)
        case .orphanExited:
            reapOrphans()
        case .childStopped(let pid, let signal):
            stopEntryWaitingForTheTerminal(pid: pid, signal: signal)
        case .signal(let number):
            signals += 1
            if signals == 1 {
                // `up` ends this way by design: a clean shutdown, not an interruption.
                if options.keepDaemons { stoppedByUser = true } else { exitCodeOverride = 128 + number }
                say("\(Signals.name(number)) received: shutting everything down (again to kill at once)")
                stopAll(reason: "the run was interrupted by \(Signals.name(number))", daemons: options.keepDaemons ? .terminated : .interrupted)
            } else {
                say("\(Signals.name(number)) received again: killing everything")
                for index in entries.indices where entries[index].alive { entries[index].child?.signalGroup(SIGKILL) }
                ProcessGroups.killAll(leftoverGroups.map(\.pgid))
            }
        }
        advance()
    }

    /// Starts the tasks that handling events asked for in `group`.
    mutating func startTasks(in group: inout DiscardingTaskGroup) {
        for task in tasksToStart { group.addTask(operation: task) }
        tasksToStart.removeAll()
    }

    /// Launches what can start, winds down when the jobs are done, and signals entries whose
    /// dependents have all ended.
    mutating func advance() {
        // A start can make more entries startable (`started` conditions): launch until none is.
        while mode == .running {
            let launchable = scheduler.takeLaunchable(limit: max(0, aliveLimit - aliveCount))
            if launchable.isEmpty { break }
            for index in launchable { launch(index) }
        }
        if mode != .running { finishPendingRestarts() }
        if mode == .running, !options.keepDaemons, !tearingDownForJobs, scheduler.jobsWaitOnlyForDaemons,
            !entries.contains(where: { $0.restartPending != nil }),
            // Every live daemon is ready: no probe can still unblock anyone.
            !entries.indices.contains(where: { entries[$0].alive && !entries[$0].record.ready })
        {
            // The jobs left wait for daemons to end: tear the daemons down now, then run them.
            tearingDownForJobs = true
            say("the jobs left wait for daemons to end: tearing the daemons down first")
            for index in entries.indices where entries[index].alive && entries[index].stopStatus == nil { entries[index].stopStatus = .terminated }
        }
        if mode == .running, scheduler.jobsAreDone, !entries.contains(where: { $0.restartPending != nil }),
            !options.keepDaemons || (aliveCount == 0 && !entries.contains(where: \.stoppedByHand))
        {
            mode = .windingDown
            skip(scheduler.skipUnstarted(reason: "the run ended before its dependencies were met"))
            for index in entries.indices where entries[index].alive && entries[index].stopStatus == nil {
                entries[index].stopStatus = .terminated
            }
        }
        signalStoppable()
    }

    /// Spawns `index` now and records its start; its end reaches the loop as an event.
    mutating func launch(_ index: Int) {
        let spec = plan.processes[index]
        var own = spec.environment
        own["MUSTER_NAME"] = spec.name
        // muster's own variables win over the manifest's, as they always have.
        for key in ["MUSTER_AUTHKEY", "MUSTER_CONTROL_SOCKET"] where sharedEnvironment.variables[key] != nil { own[key] = nil }
        entries[index].alive = true
        aliveCount += 1
        let launch = Launch(index: index, spec: spec, shared: sharedEnvironment, own: own)
        entries[index].launch = launch
        // Armed before the process exists, so that a ready line printed at once is not missed.
        output.watchLog(of: index)
        let events = self.events
        switch ProcessLauncher.spawn(launch) {
        case .failed(let termination):
            events.yield(.ended(index, termination))
        case .spawned(let spawned):
            let child = spawned.process
            // The watchdog learns of the group at once: muster could be SIGKILLed a moment later.
            watchdog?.watch(child.pid)
            entries[index].child = child
            // Said before the reactor reads the pipes: no line of the child's comes before it.
            started(index, child)
            ChildReactor.shared.watch(child, of: index, pipes: spawned.pipes, output: output) { events.yield(.ended(index, $0)) }
            if let timeout = spec.timeout { child.after(timeout) { events.yield(.timedOut(index)) } }
        }
    }

    /// Records that `index` runs as `child`: its attributes, the event line, its probe, and the
    /// dependents that waited for it to start.
    private mutating func started(_ index: Int, _ child: ChildProcess) {
        let spec = plan.processes[index]
        entries[index].record.pid = child.pid
        entries[index].record.sentinel = child.pidfd
        instanceGroups[child.pid] = spec.shutdown.signal
        entries[index].record.alive = true
        entries[index].record.status = .running
        entries[index].record.startedAt = .now()
        entries[index].startInstant = clock.now
        entries[index].record.ready = spec.ready == nil
        let restarts = entries[index].record.restarts
        say("\(name(index)) started (pid \(child.pid))" + (restarts > 0 ? ", restart \(restarts)" : ""))
        startProbe(index)
        if entries[index].record.ready { answerControlWaiters(index, reached: .ready) }
        skip(scheduler.markStarted(index))
    }

    mutating func end(_ index: Int, _ termination: Termination) {
        entries[index].alive = false
        aliveCount -= 1
        entries[index].child = nil
        if scheduleRestart(index, after: termination) { return }
        if entries[index].restartAfterStop && mode == .running {
            // `muster restart`: the entry never ends for the scheduler; its dependents wait for
            // the new instance.
            entries[index].restartAfterStop = false
            entries[index].record.exitcode = termination.exitcode
            entries[index].record.alive = false
            say("\(name(index)) \(termination.description); starting it again")
            relaunch(index)
            return
        }
        finish(index, termination)
        entries[index].restartAfterStop = false
        answerControlWaiters(index, reached: .ended)
    }

    /// Records the final end of `index` (no restart follows) and lets its dependents know.
    mutating func finish(_ index: Int, _ termination: Termination) {
        let spec = plan.processes[index]
        var record = entries[index].record
        record.alive = false
        record.exitcode = termination.exitcode
        record.finishedAt = .now()
        if record.startedAt == nil, case .couldNotStart = termination { record.startedAt = record.finishedAt }
        let status: EntryStatus
        if entries[index].signalled, let stopped = entries[index].stopStatus {
            status = stopped
        } else if termination == .exited(0) {
            status = .succeeded
        } else {
            status = .failed
            if record.reason == nil {
                record.reason = spec.daemon ? "daemon \(termination.description) before teardown" : termination.description
            }
        }
        record.status = status
        entries[index].record = record
        let took = entries[index].startInstant == nil ? "" : " after \(elapsed(index))"
        switch termination {
        case .couldNotStart(let code, let message):
            say("\(name(index)) cannot start: \(message)" + (code.map { " (exit \($0))" } ?? ""))
        default:
            say("\(name(index)) \(termination.description)\(took)" + (status == .failed || status == .timedOut ? " [\(status.rawValue)]" : ""))
        }
        let failure = status == .timedOut ? "timed out" : (status == .failed ? "failed" : termination.description)
        skip(scheduler.markEnded(index, success: termination == .exited(0), failure: failure))
        if status == .failed || status == .timedOut, options.failFast, mode == .running {
            failedFast = true
            say("--fail-fast: \(spec.name) \(status == .timedOut ? "timed out" : "failed"); shutting everything down")
            stopAll(reason: "stopped by --fail-fast after \(spec.name) failed")
        }
    }

    /// Stops starting entries and shuts down every live one: jobs end `interrupted`, daemons
    /// with `daemons`.
    mutating func stopAll(reason: String, daemons: EntryStatus = .interrupted) {
        mode = .stopping
        skip(scheduler.skipUnstarted(reason: reason))
        for index in entries.indices where entries[index].alive && entries[index].stopStatus == nil {
            entries[index].stopStatus = plan.processes[index].daemon ? daemons : .interrupted
        }
    }

    /// Shuts `index` down at once, whatever depends on it.
    mutating func stopNow(_ index: Int, status: EntryStatus) {
        entries[index].stopStatus = status
        entries[index].signalled = true
        let shutdown = plan.processes[index].shutdown
        entries[index].child?.shutDown(signal: shutdown.signal, grace: shutdown.timeout)
    }

    /// Signals each entry marked for stopping once all of its dependents have ended.
    private mutating func signalStoppable() {
        // While running, stops are sent at once (`stopNow`); only a run tearing down waits on dependents.
        guard mode != .running || tearingDownForJobs else { return }
        for index in entries.indices where entries[index].alive && entries[index].stopStatus != nil && !entries[index].signalled {
            guard !plan.dependents[index].contains(where: { entries[$0.dependent].alive }) else { continue }
            // An entry still launching is signalled once its start is known.
            guard entries[index].record.pid != nil else { continue }
            entries[index].signalled = true
            let shutdown = plan.processes[index].shutdown
            say("stopping \(name(index)) (\(Signals.name(shutdown.signal)), \(shutdown.timeout.shortDescription) grace)")
            entries[index].child?.shutDown(signal: shutdown.signal, grace: shutdown.timeout)
        }
    }

    mutating func skip(_ skips: [Scheduler.Skip]) {
        for skip in skips {
            entries[skip.index].record.status = .skipped
            entries[skip.index].record.reason = skip.reason
            say("\(name(skip.index)) skipped: \(skip.reason)")
        }
    }

    /// Process groups of every instance that ran, which grandchildren may still be in.
    var leftoverGroups: [(pgid: Int32, signal: Int32)] { instanceGroups.map { ($0.key, $0.value) } }

    /// The longest shutdown grace of any entry.
    var longestGrace: Duration { plan.processes.map(\.shutdown.timeout).max() ?? .seconds(10) }

    /// Reaps the exited orphans in entries' process groups (muster is their subreaper, and a long
    /// `up` must not fill the process table with zombies), and forgets groups now empty. Looks
    /// once first: an entry's main process that ended meanwhile is the reactor's to reap.
    mutating func reapOrphans() {
        let exited = muster_peek_exited_child()
        guard exited != 0 else { return }
        let liveLeaders = Set(entries.indices.filter { entries[$0].alive }.compactMap { entries[$0].record.pid })
        if liveLeaders.contains(exited) {
            orphanCheckPending = true
            return
        }
        for (pgid, _) in instanceGroups {
            if liveLeaders.contains(pgid) {
                ProcessGroups.reapMembers(of: pgid)  // never the leader: the reactor reaps it
            } else if !ProcessGroups.isAlive(pgid) {
                instanceGroups[pgid] = nil
            }
        }
    }

    /// After `index`'s main process ended: forgets its group if nothing is left in it, and looks for
    /// orphans if a look was put off.
    mutating func forgetEndedGroup(of index: Int) {
        if let pgid = entries[index].record.pid, instanceGroups[pgid] != nil, !ProcessGroups.isAlive(pgid) {
            instanceGroups[pgid] = nil
        }
        if orphanCheckPending {
            orphanCheckPending = false
            reapOrphans()
        }
    }

    /// Fails the entry whose main process `pid` the kernel stopped with `signal` (SIGTTIN, SIGTTOU)
    /// for touching the terminal (it runs in a background process group, as `sudo`, `ssh` and
    /// `git` prompts find out): it would wait for ever, and muster with it.
    mutating func stopEntryWaitingForTheTerminal(pid: Int32, signal: Int32) {
        guard let index = entries.indices.first(where: { entries[$0].alive && entries[$0].record.pid == pid }), entries[index].stopStatus == nil
        else { return }
        let what = signal == SIGTTIN ? "read from" : "change"
        entries[index].record.reason = "stopped by \(Signals.name(signal)): it tried to \(what) the terminal, which entries cannot (their standard input is /dev/null); give it its input another way"
        say("\(name(index)) \(entries[index].record.reason ?? ""); stopping it")
        stopNow(index, status: .failed)
    }

    /// A signal came after the loop ended, during the final clean-up: it still decides the exit
    /// status of `run` (130/143), unless an earlier one already did.
    mutating func signalledLate(_ number: Int32) {
        if !options.keepDaemons, exitCodeOverride == nil { exitCodeOverride = 128 + number }
    }

    /// The final record of the run.
    func record(startedAt: WallTime, finishedAt: WallTime, authkey: Authkey) -> RunRecord {
        var records = entries.map(\.record)
        for index in records.indices { records[index].lastLines = output.lastLines(of: index) }
        // After `muster down` (or a signal to `up`), what the stop skipped is not a failure.
        let failed = records.contains { $0.status.isFailure && !(stoppedByUser && $0.status == .skipped) }
        let outcome: RunOutcome = exitCodeOverride != nil ? .interrupted : (failed || failedFast ? .failed : .succeeded)
        return RunRecord(
            manifestPath: plan.manifest.path, name: plan.manifest.name, outcome: outcome,
            exitCode: exitCodeOverride ?? (outcome == .succeeded ? 0 : 1), startedAt: startedAt, finishedAt: finishedAt,
            authkeyFingerprint: authkey.fingerprint, entries: records)
    }

    func name(_ index: Int) -> String { plan.processes[index].name }

    func elapsed(_ index: Int) -> String {
        guard let start = entries[index].startInstant else { return "0s" }
        let seconds = (clock.now - start).seconds
        return seconds < 10 ? "\((seconds * 100).rounded() / 100)s" : "\((seconds * 10).rounded() / 10)s"
    }

    func say(_ text: String) { output.event("muster: " + text) }
}
