internal import Glibc
package import MusterManifest
internal import Subprocess
internal import SystemPackage

/// What the executor asks of a running entry.
package enum ControlCommand: Sendable {
    /// Send `signal` to the entry's process group, wait up to `grace`, then SIGKILL the group.
    case shutdown(signal: Int32, grace: Duration)
    /// SIGKILL the entry's process group now.
    case kill
}

/// How an entry's main process ended.
package enum Termination: Sendable, Hashable {
    /// `exit(code)`.
    case exited(Int32)
    /// Killed by a signal.
    case signaled(Int32)
    /// Never ran: 127/126 as a shell would say, or nil for other spawn failures.
    case couldNotStart(exitcode: Int32?, message: String)

    /// Python's `exitcode`: N, -S for signal S, or 127/126; nil when it never ran otherwise.
    package var exitcode: Int32? {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return -signal
        case .couldNotStart(let code, _): return code
        }
    }

    /// "exited 1", "killed by SIGTERM", "could not start: …".
    package var description: String {
        switch self {
        case .exited(let code): return "exited \(code)"
        case .signaled(let signal): return "killed by \(Signals.name(signal))"
        case .couldNotStart(_, let message): return "could not start: \(message)"
        }
    }
}

/// Everything the launcher needs to start one entry.
package struct Launch: Sendable {
    /// The entry's index in the plan.
    package var index: Int
    /// Its spec.
    package var spec: ProcessSpec
    /// The complete environment of the child.
    package var environment: [String: String]
}

/// Runs one entry's process with swift-subprocess: its own process group, output read through
/// pipes into the multiplexer, commands from the executor applied, and its end reported.
enum ProcessLauncher {
    /// Runs `launch` to its end. Reports `.started` (and `.timedOut`) through `events` as they
    /// happen and returns how the main process ended.
    static func run(
        _ launch: Launch, output: OutputMultiplexer, controls: AsyncStream<ControlCommand>,
        events: AsyncStream<ExecutorEvent>.Continuation, watchdog: OrphanWatchdog?
    ) async -> Termination {
        let spec = launch.spec
        var argv = spec.command.arguments
        var executable: String
        do {
            executable = try ExecutableResolver.resolve(
                argv[0], path: launch.environment["PATH"], workingDirectory: spec.workingDirectory)
            if !spec.limits.isEmpty {
                // prlimit sets the limits on itself and execs the command in place: the entry's
                // process is still the command, with the same pid.
                let prlimit = try ExecutableResolver.resolve(
                    "prlimit", path: launch.environment["PATH"] ?? "/usr/bin:/bin", workingDirectory: spec.workingDirectory)
                argv = ["prlimit"] + spec.limits.prlimitOptions + ["--", executable] + argv.dropFirst()
                executable = prlimit
            }
        } catch {
            let hint = spec.limits.isEmpty || error.message.contains("'\(argv[0])'") ? "" : " ('limits:' needs prlimit, from util-linux)"
            return .couldNotStart(exitcode: error.exitcode, message: error.message + hint)
        }
        var options = PlatformOptions()
        options.processGroupID = 0  // its own group, so signals reach grandchildren
        // Backstop if the task is ever cancelled: the entry's own shutdown sequence, to the group.
        options.teardownSequence = [
            .send(
                signal: Signal(rawValue: spec.shutdown.signal), toProcessGroup: true,
                allowedDurationToNextStep: spec.shutdown.timeout)
        ]
        var environment: [Environment.Key: String] = [:]
        for (key, value) in launch.environment { environment[Environment.Key(stringLiteral: key)] = value }
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: Arguments(executablePathOverride: argv[0], remainingValues: Array(argv.dropFirst())),
                environment: .custom(environment),
                workingDirectory: FilePath(spec.workingDirectory),
                platformOptions: options,
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                // The watchdog learns of the group at once, not after a hop through the event loop:
                // muster could be SIGKILLed a moment after the child is spawned.
                watchdog?.watch(execution.processIdentifier.value)
                events.yield(
                    .started(
                        launch.index, pid: execution.processIdentifier.value,
                        sentinel: execution.processIdentifier.processDescriptor))
                await withTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        await forward(execution.standardOutput, of: launch.index, from: .standardOutput, to: output)
                        return true
                    }
                    group.addTask {
                        await forward(execution.standardError, of: launch.index, from: .standardError, to: output)
                        return true
                    }
                    group.addTask {
                        await obey(controls, execution: execution)
                        return false
                    }
                    if let timeout = spec.timeout {
                        group.addTask {
                            try? await Task.sleep(for: timeout)
                            if !Task.isCancelled { events.yield(.timedOut(launch.index)) }
                            return false
                        }
                    }
                    // The readers end when the main process has exited (even if a grandchild
                    // still holds the pipes); then nothing else is needed.
                    var readers = 2
                    while readers > 0, let isReader = await group.next() {
                        if isReader { readers -= 1 }
                    }
                    group.cancelAll()
                }
            }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            }
        } catch let error as SubprocessError {
            if error.code == .failedToChangeWorkingDirectory {
                return .couldNotStart(
                    exitcode: nil, message: "cannot change to the working directory \(spec.workingDirectory)")
            }
            // The program exists and is executable (resolved above), so the kernel refused it, and
            // the shell's exit codes apply: a missing #! interpreter is 127, a bad format 126.
            if error.code == .executableNotFound {
                return .couldNotStart(
                    exitcode: 127, message: "'\(argv[0])': bad interpreter (its #! line names a program that does not exist)")
            }
            if error.underlyingError?.rawValue == ENOEXEC {
                return .couldNotStart(
                    exitcode: 126, message: "'\(argv[0])' cannot be executed: exec format error (a script needs a #! line)")
            }
            return .couldNotStart(exitcode: nil, message: "\(error)")
        } catch {
            return .couldNotStart(exitcode: nil, message: "\(error)")
        }
    }

    /// Reads one of the child's pipes to its end, handing complete lines to the multiplexer.
    private static func forward(
        _ stream: SubprocessOutputSequence, of entry: Int,
        from source: OutputMultiplexer.Stream, to output: OutputMultiplexer
    ) async {
        var splitter = LineSplitter()
        do {
            for try await buffer in stream {
                var batch = output.batch(for: entry, at: .now(), bytes: buffer.count)
                buffer.withUnsafeBytes { bytes in
                    splitter.feed(bytes) { output.add($0, to: &batch) }
                }
                output.send(batch, from: source)
            }
        } catch {
            // A read error ends the stream; what was read is already out.
        }
        var batch = output.batch(for: entry, at: .now())
        splitter.finish { output.add($0, to: &batch) }
        output.send(batch, from: source)
    }

    /// Applies the executor's commands until the entry ends (the task is then cancelled).
    private static func obey<Input, Output, Failure>(
        _ controls: AsyncStream<ControlCommand>, execution: Execution<Input, Output, Failure>
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for await command in controls {
                switch command {
                case .shutdown(let signal, let grace):
                    // A stopped process (SIGSTOP, Ctrl-Z) cannot act on its signal until continued.
                    try? execution.send(signal: .resume, toProcessGroup: true)
                    group.addTask {
                        await execution.teardown(using: [
                            .send(signal: Signal(rawValue: signal), toProcessGroup: true, allowedDurationToNextStep: grace)
                        ])
                    }
                case .kill:
                    try? execution.send(signal: .kill, toProcessGroup: true)
                }
            }
            group.cancelAll()
        }
    }
}
