internal import Glibc
internal import MusterManifest
internal import MusterPlan

/// Requests from control clients (`muster ps`, `stop`, `start`, `restart`, `down`).
extension RunState {
    /// What a control request waits for before it is answered.
    enum ControlGoal {
        /// The entry has ended.
        case ended
        /// The entry is ready again (or has ended trying, which fails the request).
        case ready
    }

    /// Answers or queues `request`.
    mutating func control(_ request: ControlRequest, _ replier: ControlReplier) {
        if request.command == "ps" {
            var response = ControlResponse.success()
            response.manifest = plan.manifest.path
            response.project = plan.manifest.name
            response.muster_pid = getpid()
            response.processes = plan.processes.indices.map(status)
            return replier.reply(response)
        }
        if request.command == "down" {
            say("muster down: shutting everything down")
            stoppedByUser = true
            stopAll(reason: "the run was stopped by muster down", daemons: .terminated)
            return replier.reply(.success())
        }
        guard ["stop", "start", "restart"].contains(request.command) else {
            return replier.reply(.failure("unknown command '\(request.command)'; use ps, stop, start, restart, down or logs"))
        }
        let names = plan.processes.map(\.name)
        guard let name = request.name, let index = names.firstIndex(of: name) else {
            let hint = request.name.flatMap { Suggestions.closest(to: $0, among: names) }.map { "; did you mean '\($0)'?" } ?? ""
            return replier.reply(.failure("no process named '\(request.name ?? "")' in this run\(hint)"))
        }
        guard mode == .running else { return replier.reply(.failure("the run is shutting down")) }
        switch request.command {
        case "stop":
            if let termination = restartPending[index] {
                // Waiting out a restart backoff: the restart is cancelled, the entry ends here.
                say("muster stop: \(name) will not be restarted")
                restartPending[index] = nil
                stoppedByHand.insert(index)
                stopStatus[index] = .terminated
                signalled[index] = true
                finish(index, termination)
                var response = ControlResponse.success()
                response.process = status(index)
                return replier.reply(response)
            }
            guard alive[index] else { return replier.reply(.failure("\(name) is not running (\(records[index].status.rawValue))")) }
            say("muster stop: stopping \(name)")
            stoppedByHand.insert(index)
            stopNow(index, status: .terminated)
            controlWaiters[index].append((.ended, replier))
        case "start":
            guard !alive[index], restartPending[index] == nil else {
                return replier.reply(.failure("\(name) is already running (pid \(records[index].pid.map(String.init) ?? "?"))"))
            }
            guard scheduler.phases[index] == .ended || scheduler.phases[index] == .skipped else {
                return replier.reply(.failure("\(name) has not started yet: it waits for its dependencies or a -j slot"))
            }
            say("muster start: starting \(name)")
            relaunch(index)
            controlWaiters[index].append((.ready, replier))
        default:
            say("muster restart: restarting \(name)")
            if alive[index] {
                restartAfterStop[index] = true
                stopNow(index, status: .terminated)
            } else if restartPending[index] == nil {
                relaunch(index)
            }
            controlWaiters[index].append((.ready, replier))
        }
    }

    /// Launches an entry that ran before (or was skipped) again, counting a restart if it had run.
    mutating func relaunch(_ index: Int) {
        stoppedByHand.remove(index)
        restartPending[index] = nil
        if records[index].pid != nil { records[index].restarts += 1 }
        records[index].reason = nil
        stopStatus[index] = nil
        signalled[index] = false
        launch(index)
    }

    /// Answers the control requests waiting on `index` reaching `goal`.
    mutating func answerControlWaiters(_ index: Int, reached goal: ControlGoal) {
        guard !controlWaiters[index].isEmpty else { return }
        var left: [(ControlGoal, ControlReplier)] = []
        for (wanted, replier) in controlWaiters[index] {
            if wanted == .ended && goal == .ready {
                left.append((wanted, replier))
                continue
            }
            var response = ControlResponse.success()
            response.process = status(index)
            if wanted == .ready && goal == .ended {
                response.ok = false
                response.error = "\(plan.processes[index].name) ended before it was ready: \(records[index].reason ?? records[index].status.rawValue)"
            }
            replier.reply(response)
        }
        controlWaiters[index] = left
    }

    /// The live attributes of `index`.
    func status(_ index: Int) -> ProcessStatus {
        let record = records[index]
        let uptime = alive[index] ? startInstants[index].map { ((clock.now - $0).seconds * 1000).rounded() / 1000 } : nil
        return ProcessStatus(
            name: record.name, daemon: record.daemon, pid: record.pid, alive: alive[index] && record.pid != nil,
            exitcode: alive[index] ? nil : record.exitcode, status: record.status.rawValue, ready: record.ready,
            restarts: record.restarts, uptime_s: uptime ?? nil, reason: record.reason)
    }
}
