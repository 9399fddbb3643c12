internal import Glibc
internal import MusterControl
internal import MusterManifest
internal import MusterPlan

/// Requests from control clients (`muster ps`, `stop`, `start`, `restart`, `down`).
extension RunState {
    /// Answers or queues `request`.
    mutating func control(_ request: ControlRequest, _ replier: ControlReplier) {
        if request.command == "ps" { return replier.reply(psResponse()) }
        if request.command == "down" {
            say("shutting everything down (muster down)")
            stoppedByUser = true
            stopAll(reason: "the run was stopped by muster down", daemons: .terminated)
            return replier.reply(.success())
        }
        if request.command == "reload" { return replier.reply(response(to: reload(because: "reload (muster reload)"))) }
        if request.command == "scale" { return replier.reply(scale(request)) }
        guard ["stop", "start", "restart"].contains(request.command) else {
            return replier.reply(
                .failure("unknown command '\(request.command)'; use ps, stop, start, restart, down, logs, wait, reload or scale"))
        }
        let names = liveNames
        guard let name = request.name, let index = liveIndex(of: name) else {
            let hint = request.name.flatMap { Suggestions.closest(to: $0, among: names) }.map { "; did you mean '\($0)'?" } ?? ""
            return replier.reply(.failure("no process named '\(request.name ?? "")' in this run\(hint)"))
        }
        guard mode == .running else { return replier.reply(.failure("the run is shutting down")) }
        switch request.command {
        case "stop":
            if entries[index].restartPending != nil {
                // Waiting out a restart backoff: the restart is cancelled, and the entry ends by its
                // last instance's own end (muster did not signal it).
                say("\(name) will not be restarted (muster stop)")
                entries[index].stoppedByHand = true
                cancelRestart(index, because: "muster stop cancelled it")
                var response = ControlResponse.success()
                response.process = status(index)
                return replier.reply(response)
            }
            guard entries[index].alive else { return replier.reply(.failure("\(name) is not running (\(entries[index].record.status.rawValue))")) }
            say("stopping \(name) (muster stop)")
            entries[index].stoppedByHand = true
            entries[index].record.reason = "stopped by muster stop"
            stopNow(index, status: .terminated)
            entries[index].controlWaiters.append((.ended, replier))
        case "start":
            guard !entries[index].alive, entries[index].restartPending == nil else {
                return replier.reply(.failure("\(name) is already running (pid \(entries[index].record.pid.map(String.init) ?? "?"))"))
            }
            guard scheduler.phases[index] == .ended || scheduler.phases[index] == .skipped else {
                return replier.reply(.failure("\(name) has not started yet: it waits for its dependencies or a -j slot"))
            }
            say("starting \(name) (muster start)")
            // Waiting before the launch: an entry without a probe is ready as it starts.
            entries[index].controlWaiters.append((.ready, replier))
            relaunch(index)
        default:
            say("restarting \(name) (muster restart)")
            entries[index].controlWaiters.append((.ready, replier))
            if entries[index].alive {
                entries[index].restartAfterStop = true
                stopNow(index, status: .terminated)
            } else if entries[index].restartPending == nil {
                relaunch(index)
            }
        }
    }

    /// The answer to `ps`: the run and every entry's live attributes, with their cost.
    mutating func psResponse() -> ControlResponse {
        let costs = sampleCosts()
        var response = ControlResponse.success()
        response.manifest = plan.manifest.path
        response.manifest_path = manifestPath
        response.started_at = startedAt.rfc3339
        response.project = plan.manifest.name
        response.muster_pid = getpid()
        response.processes = entries.indices.filter { !entries[$0].removed }.map { status($0, costs: costs) }
        return response
    }

    /// What clients waiting for the end are told: the final attributes and how the run ended.
    mutating func finalResponse(_ record: RunRecord) -> ControlResponse {
        var response = psResponse()
        response.ended = true
        response.outcome = record.outcome.rawValue
        response.exit_code = record.exitCode
        response.duration_s = ((record.finishedAt.seconds - record.startedAt.seconds) * 1000).rounded() / 1000
        return response
    }

    /// Launches an entry that ran before (or was skipped) again, counting a restart if it had run.
    mutating func relaunch(_ index: Int) {
        entries[index].stoppedByHand = false
        entries[index].restartPending = nil
        if entries[index].record.pid != nil { entries[index].record.restarts += 1 }
        entries[index].record.reason = nil
        entries[index].stopStatus = nil
        entries[index].shutDownSent = false
        entries[index].signalled = false
        launch(index)
    }

    /// Answers the control requests waiting on `index` reaching `goal`.
    mutating func answerControlWaiters(_ index: Int, reached goal: EntryState.ControlGoal) {
        guard !entries[index].controlWaiters.isEmpty else { return }
        var left: [(EntryState.ControlGoal, ControlReplier)] = []
        for (wanted, replier) in entries[index].controlWaiters {
            if wanted == .ended && goal == .ready {
                left.append((wanted, replier))
                continue
            }
            var response = ControlResponse.success()
            response.process = status(index)
            if wanted == .ready && goal == .ended {
                response.ok = false
                response.error = "\(plan.processes[index].name) ended before it was ready: \(entries[index].record.reason ?? entries[index].record.status.rawValue)"
            }
            replier.reply(response)
        }
        entries[index].controlWaiters = left
    }

    /// The live attributes of `index`, with the cost of its process group from `costs`
    /// (`sampleCosts()`), when it is running.
    func status(_ index: Int, costs: [Int32: (cost: ProcessGroupCost, cpuPercent: Double)] = [:]) -> ProcessStatus {
        let record = entries[index].record
        let alive = entries[index].alive && record.pid != nil
        var status = ProcessStatus(name: record.name, daemon: record.daemon, status: record.status.rawValue)
        status.pid = record.pid
        status.exitcode = entries[index].alive ? nil : record.exitcode
        status.alive = alive
        status.reason = record.reason
        status.ready = record.ready
        status.restarts = record.restarts
        status.attempts = record.attempts
        status.cached = record.cached
        status.ready_at = record.readyAt?.rfc3339
        status.started_at = record.startedAt?.rfc3339
        status.finished_at = entries[index].alive ? nil : record.finishedAt?.rfc3339
        status.duration_s = entries[index].alive ? nil : record.duration.map { (max(0, $0) * 1000).rounded() / 1000 }
        status.sentinel = alive ? record.sentinel : nil
        switch record.command {
        case .shell(let text): status.command = .shell(text)
        case .argv(let argv): status.command = .argv(argv)
        }
        status.depends_on = Dictionary(record.dependsOn.map { ($0.name, $0.condition.rawValue) }, uniquingKeysWith: { a, _ in a })
        if alive {
            status.uptime_s = entries[index].startInstant.map { ((clock.now - $0).seconds * 1000).rounded() / 1000 }
            if let pid = record.pid, let cost = costs[pid] {
                status.cpu_percent = (cost.cpuPercent * 10).rounded() / 10
                status.rss_bytes = cost.cost.residentBytes
            }
        }
        return status
    }

    /// Sends the clients that follow everything (`subscribe`) the attributes of each entry that
    /// changed since the last call. Costs nothing while nobody follows.
    mutating func publishStateChanges() {
        guard output.watchers.followEverything else {
            publishedStates = nil
            return
        }
        let now = entries.map { entry in
            PublishedState(
                status: entry.record.status, ready: entry.record.ready, pid: entry.record.pid, alive: entry.alive,
                exitcode: entry.record.exitcode, restarts: entry.record.restarts)
        }
        if let before = publishedStates {
            for index in now.indices where !entries[index].removed && (index >= before.count || now[index] != before[index]) {
                output.watchers.publish(.state(status(index)))
            }
        }
        publishedStates = now
    }

    /// The cost of every running entry's process group, with its CPU use since the last sample
    /// (or since it started), as percent of one core.
    mutating func sampleCosts() -> [Int32: (cost: ProcessGroupCost, cpuPercent: Double)] {
        let now = clock.now
        let running = entries.filter(\.alive).compactMap { entry in entry.record.pid.map { ($0, entry.startInstant ?? now) } }
        let costs = ProcessGroupCost.sample(Set(running.map(\.0)))
        var result: [Int32: (cost: ProcessGroupCost, cpuPercent: Double)] = [:]
        var samples: [Int32: (ticks: UInt64, at: ContinuousClock.Instant)] = [:]
        for (group, started) in running {
            guard let cost = costs[group] else { continue }
            let last = lastCostSamples[group] ?? (0, started)
            let seconds = max((now - last.at).seconds, 0.001)
            let used = Double(cost.ticks >= last.ticks ? cost.ticks - last.ticks : cost.ticks) / ProcessGroupCost.ticksPerSecond
            result[group] = (cost, used / seconds * 100)
            samples[group] = (cost.ticks, now)
        }
        lastCostSamples = samples
        return result
    }
}

/// `muster reload` and `muster scale`.
extension RunState {
    /// A reload's answer as a control response.
    func response(to draft: ControlResponseDraft) -> ControlResponse {
        switch draft {
        case .applied(let lines):
            var response = ControlResponse.success()
            response.diff = lines
            return response
        case .invalid(let diagnostics):
            var response = ControlResponse.failure("the manifest is not valid; nothing changed")
            response.diagnostics = diagnostics
            return response
        case .failure(let message):
            return .failure(message)
        }
    }

    /// `scale NAME N`: runs N instances of the entry (0 stops them all), as a reload with that
    /// count for its `replicas:`.
    mutating func scale(_ request: ControlRequest) -> ControlResponse {
        var entryNames: [String] = []
        for index in entries.indices where !entries[index].removed {
            let name = plan.processes[index].replicaOf ?? plan.processes[index].name
            if !entryNames.contains(name) { entryNames.append(name) }
        }
        // Entries scaled (or set) to no instance have none running, but can be scaled up.
        entryNames += Set(replicaOverrides.keys).union(plan.manifest.replicaCounts.keys).filter { !entryNames.contains($0) }.sorted()
        guard let name = request.name, entryNames.contains(name) else {
            let hint = request.name.flatMap { Suggestions.closest(to: $0, among: entryNames) }.map { "; did you mean '\($0)'?" } ?? ""
            return .failure("no process named '\(request.name ?? "")' in this run\(hint)")
        }
        guard let count = request.count, (0...ReplicaExpansion.limit).contains(count) else {
            return .failure("the number of instances must be from 0 to \(ReplicaExpansion.limit)")
        }
        return response(to: reload(replicas: [name: count], because: "scale \(name) to \(count) (muster scale)"))
    }
}
