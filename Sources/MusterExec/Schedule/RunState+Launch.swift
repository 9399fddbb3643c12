internal import MusterManifest
internal import MusterPlan

/// An entry's life on the loop: launched, started, ended (for good or to restart), skipped.
extension RunState {
    /// Spawns `index` now and records its start; its end reaches the loop as an event.
    mutating func launch(_ index: Int) {
        if launchFromCache(index) { return }
        let spec = plan.processes[index]
        var own = spec.environment
        own["MUSTER_NAME"] = spec.name
        // muster's own variables win over the manifest's, as they always have.
        for key in ["MUSTER_AUTHKEY", "MUSTER_CONTROL_SOCKET"] where sharedEnvironment.variables[key] != nil { own[key] = nil }
        entries[index].alive = true
        entries[index].shutDownSent = false
        entries[index].signalled = false
        aliveCount += 1
        let launch = Launch(index: index, spec: spec, shared: sharedEnvironment, own: own)
        entries[index].launch = launch
        let events = self.events
        // A probe on a local port that someone else already serves would pass at once, against
        // the wrong server: refuse to start instead.
        if let holder = LocalPortHolder.conflict(for: spec.ready, ownGroups: Set(instanceGroups.keys)) {
            events.yield(.ended(index, .couldNotStart(exitcode: nil, message: holder)))
            return
        }
        // Armed before the process exists, so that a ready line printed at once is not missed.
        output.watchLog(of: index)
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
        entries[index].record.readyAt = spec.ready == nil ? entries[index].record.startedAt : nil
        entries[index].record.attempts += 1
        let restarts = entries[index].record.restarts
        say("\(name(index)) started (pid \(child.pid))" + (restarts > 0 ? ", restart \(restarts)" : ""))
        startProbe(index)
        if entries[index].record.ready { answerControlWaiters(index, reached: .ready) }
        skip(scheduler.markStarted(index))
    }

    /// `index`'s main process ended (or never started): restarts it, or records its end.
    mutating func end(_ index: Int, _ termination: Termination) {
        entries[index].alive = false
        aliveCount -= 1
        entries[index].child = nil
        if entries[index].resetPending { return endedForReset(index, termination) }
        if retry(index, after: termination) || scheduleRestart(index, after: termination) { return }
        if entries[index].restartAfterStop && mode == .running {
            // `muster restart`: the entry never ends for the scheduler; its dependents wait for
            // the new instance.
            entries[index].restartAfterStop = false
            archiveInstance(index, termination)
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
    ///
    /// The status is the one muster stopped it with only when muster signalled the instance while
    /// it still ran; an instance that ended on its own is `succeeded` or `failed` by its own end.
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
                switch termination {
                case .couldNotStart(_, let message): record.reason = message
                default: record.reason = spec.daemon ? "daemon \(termination.description) before teardown" : termination.description
                }
            }
        }
        record.status = status
        entries[index].record = record
        releaseBlock(index, termination)
        if status == .succeeded { storeInCache(index) }
        let took = entries[index].startInstant == nil ? "" : " after \(elapsed(index))"
        switch termination {
        case .couldNotStart(let code, let message):
            say("\(name(index)) cannot start: \(message)" + (code.map { " (exit \($0))" } ?? ""))
        default:
            say("\(name(index)) \(termination.description)\(took)" + (status == .failed || status == .timedOut ? " [\(status.rawValue)]" : ""))
        }
        let failure: String
        switch status {
        case .timedOut: failure = "timed out"
        case .failed: failure = "failed"
        default: failure = entries[index].stoppedByHand ? "was stopped by muster stop" : termination.description
        }
        skip(scheduler.markEnded(index, success: termination == .exited(0), failure: failure))
        rerunEnded(index, success: termination == .exited(0))
        if status == .failed || status == .timedOut {
            failFast(after: "\(spec.name) \(failure)")
        }
    }

    /// Records entries that will never start.
    mutating func skip(_ skips: [Scheduler.Skip]) {
        for skip in skips {
            entries[skip.index].record.status = .skipped
            entries[skip.index].record.reason = skip.reason
            say("\(name(skip.index)) skipped: \(skip.reason)")
        }
        if let job = skips.first(where: { !plan.processes[$0.index].daemon }) {
            failFast(after: "\(name(job.index)) was skipped")
        }
    }

    /// Under `--fail-fast`, while running: shuts everything down after `what` ("build failed").
    private mutating func failFast(after what: String) {
        guard options.failFast, mode == .running else { return }
        failedFast = true
        say("--fail-fast: \(what); shutting everything down")
        stopAll(reason: "stopped by --fail-fast after \(what)")
    }
}
