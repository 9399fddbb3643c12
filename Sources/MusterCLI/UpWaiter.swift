internal import MusterControl

/// `up --wait`: follows a detached run until every daemon is ready and every job has ended
/// (exit 0), or until the first entry that fails, times out or is skipped (exit 1, with its
/// reason and last lines; the run goes on), or until the timeout.
struct UpWaiter {
    let client: ControlClient
    let manifestPath: String
    let timeout: Duration?
    /// How to stop the run, for the messages.
    let stop: String

    /// What the entries' states say so far.
    enum Verdict: Equatable {
        case waiting
        case ready
        case failed(name: String, status: String, reason: String?)
    }

    /// The verdict on `processes`: a failure first, then whether all are there.
    static func verdict(_ processes: [ProcessStatus]) -> Verdict {
        if let bad = processes.first(where: { ["failed", "timed_out", "skipped", "interrupted"].contains($0.status) }) {
            return .failed(name: bad.name, status: bad.status, reason: bad.reason)
        }
        let done = processes.allSatisfy { process in
            process.daemon ? (process.alive && process.ready) || process.status == "succeeded" : process.status == "succeeded"
        }
        return done ? .ready : .waiting
    }

    /// Waits; returns the exit status.
    func wait() -> Int32 {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var states: [String: ProcessStatus] = [:]
        var order: [String] = []
        var verdict = Verdict.waiting
        var ended = false
        do {
            if let deadline { client.setReadTimeout(milliseconds: Self.milliseconds(deadline - clock.now)) }
            try client.stream(ControlRequest(command: "subscribe")) { response in
                if let processes = response.processes {
                    for process in processes {
                        if states[process.name] == nil { order.append(process.name) }
                        states[process.name] = process
                    }
                    ended = response.ended == true
                } else if let process = response.process {
                    states[process.name] = process
                }
                verdict = Self.verdict(order.compactMap { states[$0] })
                if let deadline { client.setReadTimeout(milliseconds: Self.milliseconds(deadline - clock.now)) }
                return verdict == .waiting && !ended
            }
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            return 1
        }
        switch verdict {
        case .ready:
            Terminal.standardError.write("muster: up --wait: every daemon is ready and every job has ended; stop the run with \(stop)\n")
            return 0
        case .failed(let name, let status, let reason):
            Terminal.standardError.write("muster: up --wait: \(name) \(status)" + (reason.map { ": \($0)" } ?? "") + "\n")
            for line in lastLines(of: name) { Terminal.standardError.write("\(name) | \(line)\n") }
            Terminal.standardError.write(ended ? "muster: the run has ended\n" : "muster: the run goes on for inspection; stop it with \(stop)\n")
            return 1
        case .waiting:
            let waiting = order.filter { name in states[name].map { Self.verdict([$0]) == .waiting } ?? true }
            let what = ended ? "the run ended" : "not ready after \(timeout.map { "\($0.components.seconds)s" } ?? "the wait")"
            Terminal.standardError.write("muster: up --wait: \(what); still waiting for \(waiting.joined(separator: ", ")); stop the run with \(stop)\n")
            return 1
        }
    }

    /// The last 20 lines `name` wrote, from a connection of their own.
    private func lastLines(of name: String) -> [String] {
        guard let logs = try? ControlClient.connect(manifestPath: manifestPath, environment: Terminal.environment),
            let response = try? logs.send(ControlRequest(command: "logs", name: name, lines: 20))
        else { return [] }
        return response.lines ?? []
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000))
    }
}
