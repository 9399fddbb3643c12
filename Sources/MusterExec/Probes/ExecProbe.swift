internal import CMusterLinux
internal import Glibc
internal import MusterManifest
internal import Synchronization

/// One attempt of an `exec:` readiness probe, spawned the way entries are (`muster_spawn`: clone
/// and exec, a process group of its own, standard input from /dev/null, a pidfd) with its standard
/// output and error on one pipe, and watched by a thread of its own until it ends.
///
/// At the deadline, or when the awaiting task is cancelled (the probe was stopped), its whole
/// process group is killed; the attempt still waits for the command itself to end and reaps it.
enum ExecProbe {
    /// How the command ended, and the last line it wrote (at most 512 bytes), if any.
    struct Outcome {
        let termination: Termination
        let lastLine: String?
    }

    /// Runs `executable` with `argv` in `launch`'s environment and working directory until it
    /// ends, killing its group at `deadline`.
    static func run(
        _ executable: String, _ argv: [String], for launch: Launch, until deadline: ContinuousClock.Instant
    ) async -> Outcome {
        var ends: [Int32] = [-1, -1]
        guard muster_output_pipe(&ends) == 0 else {
            return Outcome(termination: .couldNotStart(exitcode: nil, message: "no pipe for its output: \(SystemError.text(errno))"), lastLine: nil)
        }
        var pid: Int32 = 0
        var pidfd: Int32 = -1
        let result = withCStrings(argv) { argv in
            launch.shared.withEnvironment(overriding: launch.own) { environment in
                muster_spawn(executable, argv, environment, launch.spec.workingDirectory, -1, ends[1], ends[1], &pid, &pidfd)
            }
        }
        close(ends[1])
        guard result == 0 else {
            close(ends[0])
            return Outcome(termination: .couldNotStart(exitcode: nil, message: SystemError.text(result)), lastLine: nil)
        }
        let attempt = Attempt(pid: pid, pidfd: pidfd, output: ends[0], deadline: deadline)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                PosixThread.start(name: "muster.probe") { continuation.resume(returning: attempt.watch()) }
            }
        } onCancel: {
            attempt.kill()
        }
    }

    /// A running attempt: its descriptors, and whether it has ended (after which its pid may
    /// name another process, and nothing is sent to its group any more).
    private final class Attempt: Sendable {
        let pid: Int32
        let pidfd: Int32
        let output: Int32
        let deadline: ContinuousClock.Instant
        private let ended = Mutex(false)

        init(pid: Int32, pidfd: Int32, output: Int32, deadline: ContinuousClock.Instant) {
            self.pid = pid
            self.pidfd = pidfd
            self.output = output
            self.deadline = deadline
        }

        /// SIGKILLs the attempt's process group, unless its command has ended.
        func kill() {
            ended.withLock { ended in
                if !ended { _ = Glibc.kill(-pid, SIGKILL) }
            }
        }

        /// Reads the output and waits for the end (killing the group at the deadline); reaps the
        /// command and closes the descriptors.
        func watch() -> Outcome {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
            defer {
                buffer.deallocate()
                close(output)
                close(pidfd)
            }
            var splitter = LineSplitter(maxLineLength: 512)
            var last: String?
            // What is there now, at most `limit` bytes (so that a command that writes without end
            // still meets its deadline); false at the end of the output.
            func readAvailable(limit: Int = 64 << 10) -> Bool {
                var total = 0
                while total < limit {
                    let count = read(output, buffer.baseAddress, buffer.count)
                    if count > 0 {
                        total += count
                        splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) { last = String(decoding: $0, as: UTF8.self) }
                    } else {
                        return count < 0 && (errno == EAGAIN || errno == EINTR)
                    }
                }
                return true
            }
            var outputOpen = true
            var killed = false
            let clock = ContinuousClock()
            while true {
                var code: Int32 = 0
                var signal: Int32 = 0
                let reaped = ended.withLock { ended -> Int32 in
                    let reaped = muster_reap(pidfd, &code, &signal)
                    if reaped != 0 { ended = true }
                    return reaped
                }
                if reaped != 0 {
                    // What is there, and no more than pipes hold: a grandchild may keep writing.
                    if outputOpen { _ = readAvailable(limit: 1 << 20) }
                    splitter.finish { last = String(decoding: $0, as: UTF8.self) }
                    let termination: Termination =
                        reaped < 0
                        ? .couldNotStart(exitcode: nil, message: "its exit status was lost (\(SystemError.text(errno)))")
                        : signal == 0 ? .exited(code) : .signaled(signal)
                    return Outcome(termination: termination, lastLine: last)
                }
                let left = clock.now < deadline ? deadline - clock.now : .zero
                if left == .zero, !killed {
                    kill()
                    killed = true
                }
                var fds = [pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)]
                if outputOpen { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
                let milliseconds = killed ? -1 : Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
                _ = poll(&fds, nfds_t(fds.count), milliseconds)
                if outputOpen, fds.count > 1, fds[1].revents != 0 { outputOpen = readAvailable() }
            }
        }
    }
}
