package import MusterControl

/// What the run says over `subscribe`, applied to the dashboard's state.
extension DashboardState {
    /// Applies one `subscribe` response heard at `now` (seconds since the epoch).
    package mutating func apply(_ response: ControlResponse, at now: Double) {
        if let processes = response.processes {
            let keepSelection = selectedProcess?.name
            self.processes = processes
            for process in processes { heardAt[process.name] = now }
            if let project = response.project { self.project = project }
            if let started = response.started_at { runStartedAt = RFC3339.seconds(started) ?? runStartedAt }
            if let lines = response.lines { log.appendPrefixed(lines) }
            if let keepSelection, let index = visibleProcesses.firstIndex(where: { $0.name == keepSelection }) {
                selected = index
            }
        }
        if response.ended == true {
            ended = "the run ended: \(response.outcome ?? "over") (exit \(response.exit_code.map(String.init) ?? "?"))"
        }
        if let process = response.process { update(process, at: now) }
        if let streamed = response.streamed {
            log.append(streamed.lines, name: streamed.name, standardError: streamed.stderr)
        }
        if let event = response.event { log.append([event], name: nil) }
        for cost in response.costs ?? [] {
            guard let index = processes.firstIndex(where: { $0.name == cost.name }), processes[index].alive else { continue }
            processes[index].cpu_percent = cost.cpu_percent
            processes[index].rss_bytes = cost.rss_bytes
            processes[index].uptime_s = cost.uptime_s
            heardAt[cost.name] = now
        }
    }

    /// Replaces the attributes of `process`'s entry, keeping its last known cost while it runs on.
    private mutating func update(_ process: ProcessStatus, at now: Double) {
        guard let index = processes.firstIndex(where: { $0.name == process.name }) else {
            processes.append(process)
            heardAt[process.name] = now
            return
        }
        var updated = process
        if updated.alive, updated.pid == processes[index].pid, updated.cpu_percent == nil {
            updated.cpu_percent = processes[index].cpu_percent
            updated.rss_bytes = processes[index].rss_bytes
        }
        processes[index] = updated
        heardAt[process.name] = now
    }

    /// The seconds `process` has been up at `now`, counting from when its uptime was heard.
    package func uptime(of process: ProcessStatus, at now: Double) -> Double? {
        guard process.alive, let uptime = process.uptime_s else { return nil }
        return uptime + max(0, now - (heardAt[process.name] ?? now))
    }

    /// How many entries have each status, in the order statuses first appear.
    package var statusCounts: [(status: String, count: Int)] {
        var counts: [(status: String, count: Int)] = []
        for process in processes {
            if let index = counts.firstIndex(where: { $0.status == process.status }) {
                counts[index].count += 1
            } else {
                counts.append((process.status, 1))
            }
        }
        return counts
    }
}
