internal import MusterManifest
package import MusterPlan

/// Applying a reload to the scheduler: a new plan over the same indices (entries added at the
/// end, removed ones kept as tombstones), with some entries reset to wait for their conditions
/// again.
extension Scheduler {
    /// Takes `plan` (the old entries at their indices, new ones after them) and resets `reset`:
    /// they wait for their dependencies again, and those in `held` also for their old instance to
    /// end (`release`). Entries in `removed` are left out of everything from now on.
    package mutating func replan(_ plan: Plan, reset: Set<Int>, held holding: Set<Int>, removed gone: Set<Int>) -> [Skip] {
        let count = plan.processes.count
        let added = count - phases.count
        phases += Array(repeating: .pending, count: added)
        started += Array(repeating: false, count: added)
        ready += Array(repeating: false, count: added)
        endedSuccessfully += Array(repeating: nil, count: added)
        held += Array(repeating: false, count: added)
        removed += Array(repeating: false, count: added)
        self.plan = plan
        outgoing = Self.outgoing(of: plan)
        for index in gone {
            removed[index] = true
            phases[index] = .ended
        }
        for index in reset where !removed[index] {
            phases[index] = .pending
            started[index] = false
            ready[index] = false
            endedSuccessfully[index] = nil
            held[index] = holding.contains(index)
        }
        // Every entry still waiting weighs its conditions again, against the new edges.
        unmet = Array(repeating: 0, count: count)
        satisfied = plan.dependencies.map { Array(repeating: false, count: $0.count) }
        var impossible: [(Int, String)] = []
        for index in 0..<count where phases[index] == .pending || phases[index] == .queued {
            phases[index] = .pending
            for (slot, edge) in plan.dependencies[index].enumerated() {
                let dependency = edge.dependency
                let ended = endedSuccessfully[dependency]
                let holds: Bool
                switch edge.condition {
                case .started: holds = started[dependency]
                case .ready: holds = ready[dependency]
                case .completed: holds = ended != nil
                case .succeeded: holds = ended == true
                }
                satisfied[index][slot] = holds
                if !holds {
                    unmet[index] += 1
                    if ended != nil { impossible.append((index, "dependency \(plan.processes[dependency].name) ended")) }
                }
            }
        }
        queue.removeAll()
        queueHead = 0
        recount()
        var skips: [Skip] = []
        for (index, reason) in impossible where phases[index] == .pending {
            move(index, to: .skipped)
            skips.append(Skip(index: index, reason: reason))
        }
        for index in 0..<count where phases[index] == .pending && unmet[index] == 0 && !held[index] { enqueue(index) }
        return skips
    }

    /// The old instance of `index`, reset by a reload, has ended: it may start once its
    /// conditions hold.
    package mutating func release(_ index: Int) {
        guard held[index] else { return }
        held[index] = false
        if phases[index] == .pending && unmet[index] == 0 { enqueue(index) }
    }

    /// Counts running and unfinished jobs and waiting entries again, from the phases.
    private mutating func recount() {
        runningJobs = 0
        unfinishedJobs = 0
        waitingToStart = 0
        for index in phases.indices where !removed[index] {
            let isJob = !plan.processes[index].daemon
            switch phases[index] {
            case .launching, .running:
                if isJob { runningJobs += 1; unfinishedJobs += 1 }
                if phases[index] == .launching { waitingToStart += 1 }
            case .queued:
                waitingToStart += 1
                if isJob { unfinishedJobs += 1 }
            case .pending:
                if isJob { unfinishedJobs += 1 }
            case .ended, .skipped:
                break
            }
        }
    }
}
