internal import MusterManifest
package import MusterPlan

/// Which entries may start, as dependency conditions come to hold or become impossible.
///
/// Pure bookkeeping over the plan, with no processes or clocks: the executor reports what happened
/// (`started`, `ready`, `ended`) and asks what to launch next. Each event costs time proportional
/// to the edges it touches, so a whole run is linear in entries + edges.
package struct Scheduler: Sendable {
    /// Where an entry is in its life.
    package enum Phase: Sendable, Hashable {
        /// Waiting for dependency conditions.
        case pending
        /// Every condition holds; waiting for a `-j` slot.
        case queued
        /// Handed to the launcher; its start has not been reported yet.
        case launching
        /// Started (or failed to start) and not yet ended.
        case running
        /// Ended (exited, killed, or could not be executed).
        case ended
        /// Never started: a condition can no longer hold, or the run stopped first.
        case skipped
    }

    /// An entry that will never start, and why (for the report's `reason`).
    package struct Skip: Sendable, Hashable {
        /// The entry.
        package var index: Int
        /// Why, e.g. "dependency db failed".
        package var reason: String

        /// Creates a skip.
        package init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }

    var plan: Plan
    let jobLimit: Int?
    /// The phase of every entry.
    package internal(set) var phases: [Phase]
    var unmet: [Int]
    /// Per entry, per dependency edge (as in `plan.dependencies`), whether it is satisfied.
    var satisfied: [[Bool]]
    /// Per entry, the edges to its dependents with each edge's slot in the dependent's `satisfied`.
    var outgoing: [[(dependent: Int, slot: Int, condition: DependencyCondition)]]
    var started: [Bool]
    var ready: [Bool]
    /// How each entry last ended: nil while it has not (since its last reset).
    var endedSuccessfully: [Bool?]
    /// Entries reset by a reload whose old instance has not ended yet: they wait for it.
    var held: [Bool]
    /// Entries a reload removed: out of every count, never started again.
    var removed: [Bool]
    var queue: [Int] = []
    var queueHead = 0
    var runningJobs = 0
    /// Jobs not yet ended or skipped.
    var unfinishedJobs: Int
    /// Entries (daemons too) queued or launching.
    var waitingToStart = 0

    /// A scheduler for `plan`; `jobLimit` bounds non-daemon entries running at once (nil: no bound).
    package init(plan: Plan, jobLimit: Int?) {
        self.plan = plan
        self.jobLimit = jobLimit.flatMap { $0 > 0 ? $0 : nil }
        let count = plan.processes.count
        phases = Array(repeating: .pending, count: count)
        unmet = plan.dependencies.map(\.count)
        satisfied = plan.dependencies.map { Array(repeating: false, count: $0.count) }
        outgoing = Self.outgoing(of: plan)
        started = Array(repeating: false, count: count)
        ready = Array(repeating: false, count: count)
        endedSuccessfully = Array(repeating: nil, count: count)
        held = Array(repeating: false, count: count)
        removed = Array(repeating: false, count: count)
        unfinishedJobs = plan.processes.filter { !$0.daemon }.count
        for index in 0..<count where unmet[index] == 0 { enqueue(index) }
    }

    /// Per entry, the edges to its dependents with each edge's slot in the dependent's `satisfied`.
    static func outgoing(of plan: Plan) -> [[(dependent: Int, slot: Int, condition: DependencyCondition)]] {
        var outgoing = [[(dependent: Int, slot: Int, condition: DependencyCondition)]](
            repeating: [], count: plan.processes.count)
        for (dependent, edges) in plan.dependencies.enumerated() {
            for (slot, edge) in edges.enumerated() {
                outgoing[edge.dependency].append((dependent, slot, edge.condition))
            }
        }
        return outgoing
    }

    /// Moves `index` to `phase`, keeping the count of unfinished jobs.
    mutating func move(_ index: Int, to phase: Phase) {
        if !plan.processes[index].daemon {
            let wasFinished = phases[index] == .ended || phases[index] == .skipped
            let isFinished = phase == .ended || phase == .skipped
            if wasFinished && !isFinished { unfinishedJobs += 1 }
            if !wasFinished && isFinished { unfinishedJobs -= 1 }
        }
        let wasWaiting = phases[index] == .queued || phases[index] == .launching
        let isWaiting = phase == .queued || phase == .launching
        if wasWaiting != isWaiting { waitingToStart += isWaiting ? 1 : -1 }
        phases[index] = phase
    }

    /// Entries to launch now, in declaration order within what became startable, within `-j` and
    /// at most `limit` of them (the file-descriptor budget). They move to `launching`.
    package mutating func takeLaunchable(limit: Int = .max) -> [Int] {
        var launch: [Int] = []
        var deferred: [Int] = []
        while queueHead < queue.count {
            let index = queue[queueHead]
            guard launch.count < limit else { break }
            queueHead += 1
            let isJob = !plan.processes[index].daemon
            if isJob, let jobLimit, runningJobs >= jobLimit {
                deferred.append(index)
                continue
            }
            if isJob { runningJobs += 1 }
            move(index, to: .launching)
            launch.append(index)
        }
        queue = deferred + queue[queueHead...]
        queueHead = 0
        return launch
    }

    /// `index` was spawned: `started` conditions hold (and `ready` ones when it has no probe).
    package mutating func markStarted(_ index: Int) -> [Skip] {
        // A job started again by hand (`muster start`) takes a slot once more.
        if phases[index] == .ended || phases[index] == .skipped, !plan.processes[index].daemon { runningJobs += 1 }
        move(index, to: .running)
        started[index] = true
        if plan.processes[index].ready == nil { ready[index] = true }
        return settle(index)
    }

    /// `index`'s readiness probe passed.
    package mutating func markReady(_ index: Int) -> [Skip] {
        ready[index] = true
        return settle(index)
    }

    /// `index` ended; `success` is exit 0; `failure` describes anything else ("failed", "timed out").
    package mutating func markEnded(_ index: Int, success: Bool, failure: String) -> [Skip] {
        guard !removed[index] else { return [] }
        endedSuccessfully[index] = success
        if phases[index] == .launching || phases[index] == .running, !plan.processes[index].daemon {
            runningJobs -= 1
        }
        move(index, to: .ended)
        return settle(index, ended: (success, failure))
    }

    /// Skips every entry that has not started (pending, queued), e.g. when the run is stopped.
    package mutating func skipUnstarted(reason: String) -> [Skip] {
        var skips: [Skip] = []
        for index in phases.indices where phases[index] == .pending || phases[index] == .queued {
            move(index, to: .skipped)
            skips.append(Skip(index: index, reason: reason))
        }
        queue.removeAll()
        queueHead = 0
        return skips
    }

    /// Whether every job has ended or been skipped and nothing is launching or waiting to launch:
    /// the point where `run` tears the daemons down.
    package var jobsAreDone: Bool { unfinishedJobs == 0 && waitingToStart == 0 }

    /// Whether the jobs left are all pending and nothing is starting: they can only be waiting
    /// for daemons to end (`completed`/`succeeded` on a daemon), which happens at teardown.
    package var jobsWaitOnlyForDaemons: Bool { unfinishedJobs > 0 && runningJobs == 0 && waitingToStart == 0 }

    /// The daemons that entries not started yet still wait on: to end (`completed`, `succeeded`),
    /// or to start or be ready (`started`, `ready`). Conditions that already hold do not count.
    package func daemonsAwaited() -> (toEnd: Set<Int>, toRun: Set<Int>) {
        var toEnd: Set<Int> = []
        var toRun: Set<Int> = []
        for (index, edges) in plan.dependencies.enumerated() where phases[index] == .pending {
            for (slot, edge) in edges.enumerated() where !satisfied[index][slot] && plan.processes[edge.dependency].daemon {
                switch edge.condition {
                case .completed, .succeeded: toEnd.insert(edge.dependency)
                case .started, .ready: toRun.insert(edge.dependency)
                }
            }
        }
        return (toEnd, toRun)
    }

    mutating func enqueue(_ index: Int) {
        move(index, to: .queued)
        queue.append(index)
    }

    /// Re-evaluates the edges out of `dependency`, enqueueing entries whose conditions all hold and
    /// skipping (transitively) those whose conditions no longer can.
    mutating func settle(_ dependency: Int, ended: (success: Bool, failure: String)? = nil) -> [Skip] {
        var skips: [Skip] = []
        var impossible: [(Int, String)] = []
        let name = plan.processes[dependency].name
        for (dependent, slot, condition) in outgoing[dependency] {
            guard phases[dependent] == .pending, !satisfied[dependent][slot] else { continue }
            let holds: Bool
            switch condition {
            case .started: holds = started[dependency]
            case .ready: holds = ready[dependency]
            case .completed: holds = ended != nil
            case .succeeded: holds = ended?.success == true
            }
            if holds {
                satisfied[dependent][slot] = true
                unmet[dependent] -= 1
                if unmet[dependent] == 0 && !held[dependent] { enqueue(dependent) }
            } else if let ended {
                let why: String
                switch condition {
                case .succeeded: why = "dependency \(name) \(ended.failure)"
                case .ready:
                    why = ended.success ? "dependency \(name) ended before it was ready" : "dependency \(name) \(ended.failure)"
                default: why = "dependency \(name) \(ended.failure)"
                }
                impossible.append((dependent, why))
            }
        }
        // Skips spread to the dependents of skipped entries.
        while let (index, reason) = impossible.popLast() {
            guard phases[index] == .pending || phases[index] == .queued else { continue }
            move(index, to: .skipped)
            skips.append(Skip(index: index, reason: reason))
            for edge in outgoing[index] {
                impossible.append((edge.dependent, "dependency \(plan.processes[index].name) was skipped"))
            }
        }
        return skips.sorted { $0.index < $1.index }
    }
}
