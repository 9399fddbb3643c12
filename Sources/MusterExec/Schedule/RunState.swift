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

    /// The plan being run: a reload replaces it, keeping every entry's index (removed entries
    /// stay as tombstones, added ones come after).
    var plan: Plan
    let options: ExecutionOptions
    let output: OutputMultiplexer
    let authkey: Authkey
    let events: EventQueue
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
    /// Whether an entry was ever marked for stopping (`markForStopping`): until then
    /// `signalStoppable` has nothing to look for.
    var someMarkedForStopping = false
    /// Kills every entry's process group if muster dies without ending the run.
    var watchdog: OrphanWatchdog?
    /// `muster down`, or a signal to `muster up`: the user ended the run, which is not a failure
    /// unless it cut work short.
    var stoppedByUser = false
    /// A stop of the whole run ended a job early or left an entry unstarted.
    var interruptedWork = false
    var mode = Mode.running
    var exitCodeOverride: Int32?
    var failedFast = false
    var signals = 0
    let clock = ContinuousClock()
    /// Tasks (probes, restart backoffs) for the loop to start in its task group.
    var tasksToStart: [@Sendable () async -> Void] = []
    /// When the run started.
    let startedAt: WallTime
    /// What `subscribe` clients were last told of each entry; nil while nobody follows.
    var publishedStates: [PublishedState]?
    /// Each running process group's CPU ticks at the last `ps`, for its CPU use since.
    var lastCostSamples: [Int32: (ticks: UInt64, at: ContinuousClock.Instant)] = [:]
    /// The manifest's absolute path (what names the control socket).
    let manifestPath: String
    /// Instance counts `muster scale` set, by entry: they override `replicas:` at each reload.
    var replicaOverrides: [String: Int] = [:]
    /// The files a change to which reloads the manifest.
    var reloadFiles: [String]
    /// What the file watcher looks out for, and the debounces going on.
    var watching = WatchState()
    /// The job cache, when a job declares `inputs:` and caching is on.
    let cache: JobCache?

    init(
        plan: Plan, options: ExecutionOptions, output: OutputMultiplexer, authkey: Authkey,
        events: EventQueue, controlSocket: String?, startedAt: WallTime, manifestPath: String
    ) {
        self.startedAt = startedAt
        self.manifestPath = manifestPath
        reloadFiles = options.reloadFiles
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
        let cacheable = plan.processes.contains { !$0.daemon && !$0.inputs.isEmpty }
        cache = cacheable ? options.cacheFolder.map(JobCache.init(folder:)) : nil
    }

    /// Whether the run is over: it stopped starting entries and none is alive.
    var isOver: Bool { mode != .running && aliveCount == 0 }

    /// Applies one event, then launches, winds down or signals whatever it made possible. Tasks it
    /// needs (probes, restart backoffs) wait in `tasksToStart` for the loop's task group.
    mutating func handle(_ event: ExecutorEvent) {
        switch event {
        case .ready(let index):
            // A probe's success counts only while the entry is alive: a server that died at once
            // did not make the port answer.
            guard entries[index].alive, !entries[index].record.ready, !entries[index].resetPending,
                entries[index].child?.hasExited == false
            else { break }
            entries[index].probeStop?.finish()
            entries[index].record.ready = true
            entries[index].record.readyAt = .now()
            say("\(name(index)) ready after \(elapsed(index))")
            answerControlWaiters(index, reached: .ready)
            skip(scheduler.markReady(index))
        case .notReady(let index, let why):
            guard entries[index].alive, entries[index].stopStatus == nil else { break }
            entries[index].record.reason = why
            say("\(name(index)) failed: \(why)")
            stopNow(index, status: .failed)
        case .timedOut(let index):
            guard entries[index].alive, !entries[index].shutDownSent else { break }
            let limit = plan.processes[index].timeout?.shortDescription ?? "?"
            entries[index].record.reason = "timed out after \(limit)"
            say("\(name(index)) timed out after \(limit); stopping it")
            stopNow(index, status: .timedOut)
        case .ended(let index, let termination):
            entries[index].probeStop?.finish()
            // The ended instance's group is forgotten (and orphans reaped) before `end` may start
            // the next instance (`muster restart`), whose group and child must not be taken for them.
            forgetEndedGroup(of: index)
            end(index, termination)
        case .restartDue(let index):
            restart(index)
        case .control(let request, let replier):
            control(request, replier)
        case .orphanExited:
            reapOrphans()
        case .childStopped(let pid, let signal):
            stopEntryWaitingForTheTerminal(pid: pid, signal: signal)
        case .signal(let number):
            received(signal: number)
        case .filesChanged(let paths):
            filesChanged(paths)
        case .reloadDue(let generation):
            if generation == watching.reloadGeneration { _ = reload(because: "the manifest changed") }
        case .watchDue(let index, let generation):
            if generation == watching.generations[index] { rerun(index) }
        case .warning(let text):
            say("warning: \(text)")
        }
        advance()
    }

    /// Starts the tasks that handling events asked for in `group`.
    mutating func startTasks(in group: inout DiscardingTaskGroup) {
        for task in tasksToStart { group.addTask(executorPreference: globalConcurrentExecutor, operation: task) }
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
        stopDaemonsThatJobsWaitFor()
        if mode == .running, scheduler.jobsAreDone, !entries.contains(where: { $0.restartPending != nil }),
            !options.keepDaemons || (aliveCount == 0 && !entries.contains(where: \.stoppedByHand))
        {
            mode = .windingDown
            skip(scheduler.skipUnstarted(reason: "the run ended before its dependencies were met"))
            for index in entries.indices where entries[index].alive && entries[index].stopStatus == nil {
                markForStopping(index, as: .terminated)
            }
        }
        signalStoppable()
    }

    /// The name of entry `index`.
    func name(_ index: Int) -> String { entries[index].record.name }

    /// How long entry `index`'s current instance has been running: `0.51s`, `12.3s`.
    func elapsed(_ index: Int) -> String {
        guard let start = entries[index].startInstant else { return "0s" }
        let seconds = (clock.now - start).seconds
        return seconds < 10 ? "\((seconds * 100).rounded() / 100)s" : "\((seconds * 10).rounded() / 10)s"
    }

    /// Writes one of muster's own event lines: `muster: TEXT`.
    func say(_ text: String) { output.event("muster: " + text) }
}
