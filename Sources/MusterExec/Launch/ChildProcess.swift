internal import CMusterLinux
internal import Glibc
internal import MusterManifest
internal import Synchronization

/// One running instance of an entry: its main process (leader of its own process group), the
/// pidfd it is reaped through, and the timers armed for it.
///
/// Signals go to the whole group and only while the process is unreaped — the check and the
/// reaping happen under one lock — so a signal can never reach a pid the kernel has reused.
final class ChildProcess: Sendable {
    private struct State {
        var running = true
        var timers: [Task<Void, Never>] = []
    }

    /// The main process's pid, which is also its process group's id.
    let pid: Int32
    /// The pidfd the reactor reaps it through (Python's `sentinel`).
    let pidfd: Int32
    private let state = Mutex(State())

    init(pid: Int32, pidfd: Int32) {
        self.pid = pid
        self.pidfd = pidfd
    }

    /// Sends `signal` to the process group while its leader is unreaped, and to the process itself
    /// if it left the group (`setpgid` into another), so that it can still be stopped.
    func signalGroup(_ signal: Int32) {
        state.withLock { state in
            if state.running { Self.send(signal, toGroupOf: pid) }
        }
    }

    /// The signalling itself; only while `pid` is unreaped.
    private static func send(_ signal: Int32, toGroupOf pid: Int32) {
        _ = Glibc.kill(-pid, signal)
        if getpgid(pid) != pid { _ = Glibc.kill(pid, signal) }
    }

    /// Whether the process has ended (it may not be reaped yet): its pidfd is readable.
    var hasExited: Bool {
        var waiting = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        return poll(&waiting, 1, 0) == 1
    }

    /// Sends `signal` to the group (with SIGCONT: a stopped process cannot act on it), then
    /// SIGKILLs the group if the process has not ended after `grace`. Returns whether the process
    /// still ran when signalled; false when it had already ended on its own, so that its end is
    /// its own and not muster's doing.
    @discardableResult
    func shutDown(signal: Int32, grace: Duration) -> Bool {
        let running = state.withLock { $0.running } && !hasExited
        // The signal first, then SIGCONT: a stopped process gets the pending signal as it resumes.
        // The other way round, one that stops again at once (a read of the terminal, SIGTTIN)
        // would leave the signal pending until the grace ran out.
        signalGroup(signal)
        signalGroup(SIGCONT)
        after(grace) { [pid] in Self.send(SIGKILL, toGroupOf: pid) }
        return running
    }

    /// Runs `action` after `delay` if the process is still unreaped then (under the lock, so it
    /// never runs after the reaping). Cancelled when the process is reaped.
    func after(_ delay: Duration, _ action: @escaping @Sendable () -> Void) {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled, let self else { return }
            self.state.withLock { state in
                if state.running { action() }
            }
        }
        state.withLock { state in
            if state.running { state.timers.append(timer) } else { timer.cancel() }
        }
    }

    /// Reaps the process if it has ended, and then cancels its timers. Nil while it runs.
    func reap() -> Termination? {
        state.withLock { state -> Termination? in
            guard state.running else { return nil }
            var code: Int32 = 0
            var signal: Int32 = 0
            let reaped = muster_reap(pidfd, &code, &signal)
            // -1 (ECHILD) cannot happen while muster reaps its entries only here; were it to, the
            // process is gone all the same, and the pidfd would stay readable for ever.
            guard reaped != 0 else { return nil }
            state.running = false
            for timer in state.timers { timer.cancel() }
            state.timers = []
            if reaped < 0 { return .couldNotStart(exitcode: nil, message: "its exit status was lost (\(SystemError.text(errno)))") }
            return signal == 0 ? .exited(code) : .signaled(signal)
        }
    }
}
