internal import Glibc
internal import MusterManifest

/// Runs an entry's readiness probe until it passes (`.ready`), its timeout passes (`.notReady`),
/// or the executor stops it (the entry ended or became ready another way).
enum ProbeRunner {
    /// Probes `launch`'s entry; returns at once when `stop` finishes.
    static func run(
        _ probe: ReadinessProbe, for launch: Launch, stop: AsyncStream<Void>,
        events: EventQueue
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in stop {}
            }
            group.addTask {
                if let verdict = await probeUntilDecided(probe, for: launch) { events.yield(verdict) }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Attempts every `interval` from `initial_delay` on, until one passes or `timeout` is over.
    static func probeUntilDecided(_ probe: ReadinessProbe, for launch: Launch) async -> ExecutorEvent? {
        let index = launch.index
        let clock = ContinuousClock()
        let deadline = clock.now + probe.initialDelay + probe.timeout
        do {
            try await Task.sleep(for: probe.initialDelay)
            var lastFailure = CheckFailure("no attempt finished")
            var hadAttempt = false
            while true {
                if case .log(let pattern) = probe.check {
                    // Lines are matched by the output multiplexer as they come; only the deadline is here.
                    try await Task.sleep(until: deadline)
                    lastFailure = CheckFailure("no output line matched /\(pattern)/")
                } else if let failure = await attempt(probe.check, for: launch, until: deadline) {
                    // An attempt cut off by the deadline says less than the one before it did.
                    if clock.now < deadline || !hadAttempt { lastFailure = failure }
                    hadAttempt = true
                } else {
                    return .ready(index)
                }
                try Task.checkCancellation()
                if clock.now >= deadline {
                    return .notReady(index, "not ready after \(probe.timeout.shortDescription) (\(lastFailure.message))")
                }
                try await Task.sleep(until: min(clock.now + probe.interval, deadline))
            }
        } catch {
            return nil  // stopped
        }
    }

    /// One attempt; nil when it passed.
    private static func attempt(
        _ check: ReadinessProbe.Check, for launch: Launch, until deadline: ContinuousClock.Instant
    ) async -> CheckFailure? {
        switch check {
        case .tcp(let host, let port):
            switch await NetworkCheck.connect(host: host, port: port, until: deadline) {
            case .success(let fd):
                close(fd)
                return nil
            case .failure(let failure):
                return CheckFailure("tcp \(failure.message)")
            }
        case .http(let url):
            return await NetworkCheck.get(url, until: deadline)
        case .exec(let command):
            return await execute(command, for: launch, until: deadline)
        case .log:
            return CheckFailure("log probes are matched by the output")
        }
    }

    /// Runs an `exec:` probe with the entry's environment and working directory; it is killed if
    /// it outlives the probe's deadline.
    private static func execute(_ command: Command, for launch: Launch, until deadline: ContinuousClock.Instant) async -> CheckFailure? {
        let argv = command.arguments
        let executable: String
        do {
            executable = try ExecutableResolver.resolve(
                argv[0], path: launch.variable("PATH"), workingDirectory: launch.spec.workingDirectory)
        } catch {
            return CheckFailure("exec: \(error.message)")
        }
        let outcome = await ExecProbe.run(executable, argv, for: launch, until: deadline)
        let detail = outcome.lastLine.map { ": \($0)" } ?? ""
        switch outcome.termination {
        case .exited(0): return nil
        case .exited(let code): return CheckFailure("exec exited \(code)\(detail)")
        case .signaled(let signal): return CheckFailure("exec killed by \(Signals.name(signal))\(detail)")
        case .couldNotStart(_, let message): return CheckFailure("exec could not start: \(message)")
        }
    }
}
