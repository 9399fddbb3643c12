internal import MusterManifest
internal import MusterPlan

/// Applying a new plan to a running `up` as a diff: added entries start when their dependencies
/// hold, removed ones are stopped, changed ones are restarted with their dependents, and the
/// others keep running untouched.
extension RunState {
    /// The index of the live (not removed) entry called `name`.
    func liveIndex(of name: String) -> Int? {
        entries.indices.last { entries[$0].record.name == name && !entries[$0].removed }
    }

    /// The names of the live entries, in order.
    var liveNames: [String] { entries.filter { !$0.removed }.map(\.record.name) }

    /// Applies `new` as a diff of the running plan and returns the diff; nothing happens while
    /// the run is shutting down (nil then).
    mutating func apply(_ new: Plan) -> PlanDiff? {
        guard mode == .running else { return nil }
        let live = entries.indices.filter { !entries[$0].removed }
        let diff = PlanDiff(from: live.map { plan.processes[$0] }, to: new.processes)
        guard !diff.isEmpty else { return diff }
        var processes = plan.processes
        var changed: [Int] = []
        var added: [Int] = []
        let byName = Dictionary(uniqueKeysWithValues: live.map { (plan.processes[$0].name, $0) })
        let newByName = Dictionary(uniqueKeysWithValues: new.processes.map { ($0.name, $0) })
        for change in diff.changed {
            let index = byName[change.name]!
            processes[index] = newByName[change.name]!
            changed.append(index)
        }
        let removed = Set(diff.removed.map { byName[$0]! })
        for index in removed {
            // A tombstone: no edges, so nothing waits for it and it waits for nothing.
            processes[index].dependencies = []
        }
        var openedLogs: [Int32?] = []
        for name in diff.added {
            let spec = newByName[name]!
            added.append(processes.count)
            processes.append(spec)
            entries.append(EntryState(spec))
            openedLogs.append(Preflight.openLog(of: spec))
        }
        var manifest = new.manifest
        manifest.processes = processes
        plan = Planner.plan(manifest).plan
        output.append(
            names: diff.added, logFiles: openedLogs,
            logPatterns: added.map { index in
                if case .log(let pattern) = plan.processes[index].ready?.check { return pattern }
                return nil
            })
        for index in changed {
            var pattern: String?
            if case .log(let text) = plan.processes[index].ready?.check { pattern = text }
            output.update(entry: index, logFile: Preflight.openLog(of: plan.processes[index]), logPattern: pattern)
        }

        for index in removed {
            entries[index].removed = true
            entries[index].restartPending = nil
            if entries[index].alive { markForStopping(index, as: .terminated) }
        }
        // What starts again: the changed entries and everything that depends on them.
        reset(changed + added, dependents: true, removed: removed)
        watchFiles(of: changed + added)
        return diff
    }

    /// Starts `indices` again (and with `dependents`, every entry that depends on them,
    /// transitively): each live instance is stopped (dependents first) and the entry waits for
    /// its dependencies again once it has ended; entries not running wait for them at once.
    mutating func reset(_ indices: [Int], dependents: Bool, removed: Set<Int> = []) {
        var reset = Set(indices)
        if dependents {
            var stack = indices
            while let index = stack.popLast() {
                for edge in plan.dependents[index] where !removed.contains(edge.dependent) && reset.insert(edge.dependent).inserted {
                    stack.append(edge.dependent)
                }
            }
        }
        var held: Set<Int> = []
        for index in reset.sorted() where !entries[index].removed {
            entries[index].restartPending = nil
            if entries[index].alive {
                held.insert(index)
                entries[index].resetPending = true
                markForStopping(index, as: .terminated)
                entries[index].probeStop?.finish()
            } else if entries[index].record.status != .pending {
                renew(index)
            }
        }
        skip(scheduler.replan(plan, reset: reset, held: held, removed: removed))
    }

    /// Makes `index` a fresh entry of its (new) spec, to wait for its conditions again; its
    /// restarts so far are kept, and a start after it ran counts as one more.
    mutating func renew(_ index: Int) {
        let old = entries[index].record
        var record = EntryRecord(plan.processes[index])
        record.restarts = old.restarts + (old.pid != nil ? 1 : 0)
        entries[index].record = record
        entries[index].stopStatus = nil
        entries[index].shutDownSent = false
        entries[index].signalled = false
        entries[index].stoppedByHand = false
        entries[index].startInstant = nil
        entries[index].retryPending = false
    }

    /// The old instance of an entry reset by a reload has ended: the entry waits for its
    /// dependencies again, then starts anew.
    mutating func endedForReset(_ index: Int, _ termination: Termination) {
        entries[index].resetPending = false
        say("\(name(index)) \(termination.description); it starts again once its dependencies hold")
        renew(index)
        scheduler.release(index)
        answerControlWaiters(index, reached: .ended)
    }

    /// Reads the manifest again (with `replicas` overriding counts) and applies it; the reply
    /// says what changed, or why nothing did.
    mutating func reload(replicas: [String: Int] = [:], because why: String) -> ControlResponseDraft {
        guard mode == .running else { return .failure("the run is shutting down; nothing was reloaded") }
        guard let reader = options.reload else { return .failure("this run cannot reload its manifest") }
        switch reader(replicaOverrides.merging(replicas) { _, new in new }) {
        case .invalid(let diagnostics):
            say("\(why): the manifest is not valid; nothing changed")
            for line in diagnostics.split(separator: "\n", omittingEmptySubsequences: false).dropLast(diagnostics.hasSuffix("\n") ? 1 : 0) {
                output.event(String(line))
            }
            return .invalid(diagnostics)
        case .plan(let new, let files):
            replicaOverrides.merge(replicas) { _, new in new }
            if !reloadFiles.isEmpty, files != reloadFiles {
                reloadFiles = files
                watchManifestFiles()
            }
            guard let diff = apply(new) else { return .failure("the run is shutting down; nothing was reloaded") }
            say("\(why): " + (diff.isEmpty ? "nothing changed" : diff.lines.joined(separator: "; ")))
            return .applied(diff.lines)
        }
    }
}

/// What a reload answers, before it becomes a control response.
enum ControlResponseDraft {
    /// Applied; the diff's lines.
    case applied([String])
    /// The manifest is invalid; its diagnostics.
    case invalid(String)
    /// Not done, and why.
    case failure(String)
}
