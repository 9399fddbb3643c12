internal import CMusterLinux
internal import Glibc
internal import MusterManifest
internal import MusterPlan

/// Stopping entries: one at once, all of them, or the daemons waiting jobs need ended; always in
/// reverse dependency order when the run winds down; and what is left of their process groups.
extension RunState {
    /// Stops starting entries and shuts down every live one: jobs end `interrupted`, daemons
    /// with `daemons`. Work cut short (a job stopped, an entry left unstarted) makes the run
    /// `interrupted`.
    mutating func stopAll(reason: String, daemons: EntryStatus = .interrupted) {
        mode = .stopping
        let unstarted = scheduler.skipUnstarted(reason: reason)
        if !unstarted.isEmpty { interruptedWork = true }
        skip(unstarted)
        for index in entries.indices where entries[index].alive && entries[index].stopStatus == nil {
            let daemon = plan.processes[index].daemon
            if !daemon { interruptedWork = true }
            markForStopping(index, as: daemon ? daemons : .interrupted)
        }
    }

    /// Shuts `index` down at once, whatever depends on it; it ends with `status` unless it had
    /// already ended on its own.
    mutating func stopNow(_ index: Int, status: EntryStatus) {
        markForStopping(index, as: status)
        shutDown(index)
    }

    /// Marks `index` to end with `status` when muster stops it: `signalStoppable` signals it once
    /// its dependents have ended (`stopNow` at once).
    mutating func markForStopping(_ index: Int, as status: EntryStatus) {
        entries[index].stopStatus = status
        someMarkedForStopping = true
    }

    /// Sends `index` its shutdown signal (then SIGKILL after the grace).
    private mutating func shutDown(_ index: Int) {
        let shutdown = plan.processes[index].shutdown
        entries[index].shutDownSent = true
        // An instance that ended on its own just before is reported by its own end.
        entries[index].signalled = entries[index].child?.shutDown(signal: shutdown.signal, grace: shutdown.timeout) ?? false
    }

    /// When the only jobs left wait for daemons to end (`completed`/`succeeded` on a daemon):
    /// marks exactly those daemons for stopping, with the live daemons that depend on them (which
    /// go first). It waits while a probe that a pending entry needs may still pass, since that
    /// entry may yet start; no other probe holds it up.
    mutating func stopDaemonsThatJobsWaitFor() {
        guard mode == .running, !options.keepDaemons, scheduler.jobsWaitOnlyForDaemons,
            !entries.contains(where: { $0.restartPending != nil })
        else { return }
        let awaited = scheduler.daemonsAwaited()
        guard !awaited.toRun.contains(where: { entries[$0].alive && !entries[$0].record.ready }) else { return }
        var targets = Set(awaited.toEnd.filter { entries[$0].alive })
        var stack = Array(targets)
        while let index = stack.popLast() {
            for edge in plan.dependents[index] where entries[edge.dependent].alive && !targets.contains(edge.dependent) {
                targets.insert(edge.dependent)
                stack.append(edge.dependent)
            }
        }
        let marked = targets.filter { entries[$0].stopStatus == nil }.sorted()
        guard !marked.isEmpty else { return }
        let names = marked.map(name).joined(separator: ", ")
        say("the jobs left wait for daemons to end: stopping \(names) first")
        for index in marked { markForStopping(index, as: .terminated) }
    }

    /// Signals each entry marked for stopping once all of its dependents have ended (for one
    /// started again by a change: those stopped with it).
    mutating func signalStoppable() {
        // Most events of a run come before anything is to be stopped: they need no look at every entry.
        guard someMarkedForStopping else { return }
        for index in entries.indices where entries[index].alive && entries[index].stopStatus != nil && !entries[index].shutDownSent {
            // An entry started again by a change waits only for dependents that stop with it.
            let resetting = entries[index].resetPending
            guard
                !plan.dependents[index].contains(where: {
                    entries[$0.dependent].alive && (!resetting || entries[$0.dependent].stopStatus != nil)
                })
            else { continue }
            let shutdown = plan.processes[index].shutdown
            say("stopping \(name(index)) (\(Signals.name(shutdown.signal)), \(shutdown.timeout.shortDescription) grace)")
            shutDown(index)
        }
    }

    /// muster got SIGINT or SIGTERM: the first shuts everything down in order, a second kills at once.
    mutating func received(signal number: Int32) {
        signals += 1
        guard signals == 1 else {
            exitCodeOverride = 128 + number
            say("\(Signals.name(number)) received again: killing everything")
            for index in entries.indices where entries[index].alive { entries[index].child?.signalGroup(SIGKILL) }
            ProcessGroups.killAll(leftoverGroups.map(\.pgid))
            return
        }
        say("\(Signals.name(number)) received: shutting everything down (again to kill at once)")
        stopAll(reason: "the run was interrupted by \(Signals.name(number))", daemons: options.keepDaemons ? .terminated : .interrupted)
        // `up` ends this way by design: a clean shutdown, unless it cut jobs short.
        if options.keepDaemons && !interruptedWork { stoppedByUser = true } else { exitCodeOverride = 128 + number }
    }

    /// A signal came after the loop ended, during the final clean-up: it still decides the exit
    /// status of `run` (130/143), unless an earlier one already did.
    mutating func signalledLate(_ number: Int32) {
        if !options.keepDaemons, exitCodeOverride == nil { exitCodeOverride = 128 + number }
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
        guard let index = entries.indices.first(where: { entries[$0].alive && entries[$0].record.pid == pid }),
            entries[index].stopStatus == nil
        else { return }
        let what = signal == SIGTTIN ? "read from" : "change"
        entries[index].record.reason = "stopped by \(Signals.name(signal)): it tried to \(what) the terminal, which entries cannot (their standard input is /dev/null); give it its input another way"
        say("\(name(index)) \(entries[index].record.reason ?? ""); stopping it")
        stopNow(index, status: .failed)
    }
}
