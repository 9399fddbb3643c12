internal import CMusterLinux
internal import Glibc
internal import Synchronization

/// The one thread that watches every running entry with epoll: it reads their output pipes into
/// the multiplexer and reaps each entry when its pidfd says it ended. No thread, task or timer
/// per child, and nothing wakes it while children sleep.
///
/// When an entry's main process ends, what it wrote is read to the end of its pipes before the
/// end is reported; a grandchild that still holds the pipes is not waited for.
///
/// It never blocks on muster's own output: lines go to `OutputQueue`s, and a pipe whose lines
/// find their queue full is paused (taken out of the epoll set, so the child blocks on it and
/// nothing is lost) until the queue has drained. Reaping, timers, signals and control requests go
/// on meanwhile, however long a reader of muster's output stalls.
///
/// It also reads SIGCHLD (from `SignalListener`'s pipe; the signal is delivered to this thread,
/// which a child's end wakes anyway): an entry's main process that ended is
/// reaped here at once, and only other children — orphans muster adopted as subreaper, children
/// stopped for touching the terminal — are reported to the run's observer, so that the usual end
/// of an entry costs the executor's loop one event, not two.
///
/// It is also a task executor (`TaskExecutor`), which the executor's loop prefers in a run whose
/// stages are narrow (`Executor.widestStageOnReactor`): an end reported here resumes the loop on
/// this same thread once the reactor's wake-up is handled, and the loop launches the next entry
/// from there, as make does, with no other thread to wake.
final class ChildReactor: TaskExecutor, Sendable {
    /// The process's reactor, started on first use.
    static let shared = ChildReactor()

    /// What the reactor holds for one child. Touched only on the reactor's thread once registered.
    private final class Watch: @unchecked Sendable {
        let index: Int
        let child: ChildProcess
        let output: OutputMultiplexer
        let onEnd: @Sendable (Termination) -> Void
        /// The read ends of the child's standard output and error; -1 once closed.
        var pipes: [Int32]
        var splitters = [LineSplitter(), LineSplitter()]
        /// Whether each pipe is out of the epoll set until its output queue drains.
        var paused = [false, false]

        init(index: Int, child: ChildProcess, pipes: [Int32], output: OutputMultiplexer, onEnd: @escaping @Sendable (Termination) -> Void) {
            self.index = index
            self.child = child
            self.pipes = pipes
            self.output = output
            self.onEnd = onEnd
        }
    }

    /// Which watch an fd belongs to, and which of its fds it is: 0 and 1 the pipes, 2 the pidfd.
    private struct Registration {
        let watch: Watch
        let role: Int
    }

    private static let pidfdRole = 2
    private static let streams: [OutputMultiplexer.Stream] = [.standardOutput, .standardError]
    /// The most read from a child's pipes after it ended: more than pipes hold, so only a
    /// grandchild still writing is cut off.
    private static let drainLimit = 4 << 20

    private struct Watched {
        /// By fd: both pipes and the pidfd of each child.
        var byDescriptor: [Int32: Registration] = [:]
        /// By the pid of each child's main process.
        var byPid: [Int32: Watch] = [:]
    }

    private let epoll: Int32
    private let watched = Mutex(Watched())
    /// Wakes the reactor to take paused pipes back (an eventfd in the epoll set).
    private let resumeSignal: Int32
    /// Paused pipes whose queues have drained, for the reactor to read again.
    private let resumable = Mutex<[(watch: Watch, role: Int)]>([])
    /// Where reports of other children go: the running executor's loop.
    private let observer = Mutex<Handler<ExecutorEvent>?>(nil)
    /// Other descriptors read on this thread (an inotify descriptor), with what reads them.
    private let readers = Mutex<[Int32: Handler<Void>]>([:])
    /// Jobs of tasks that prefer this executor, run between wake-ups.
    private let jobs = Mutex<[UnownedJob]>([])
    /// Wakes the reactor for jobs enqueued from other threads (an eventfd in the epoll set).
    private let jobSignal: Int32
    /// The reactor's thread (`pthread_self`), 0 until it runs.
    private let thread = Atomic<UInt>(0)
    /// The buffer pipes are read into, and the array epoll fills: the reactor thread's alone.
    private nonisolated(unsafe) let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private nonisolated(unsafe) let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: 64)
    /// Whether `handleEvents` runs (on the reactor's thread), which must not nest.
    private nonisolated(unsafe) var handling = false

    private init() {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        resumeSignal = muster_wake_descriptor()
        jobSignal = muster_wake_descriptor()
        for fd in [childSignalPipeReadEnd, resumeSignal, jobSignal] where fd >= 0 { add(fd) }
        PosixThread.start(name: "muster.children") { [self] in run() }
    }

    /// Puts `fd` in the epoll set, watched for input.
    private func add(_ fd: Int32) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = fd
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    /// Sends `.orphanExited` and `.childStopped` to `observer` from now on (nil: to nobody).
    func observeOtherChildren(_ observer: Handler<ExecutorEvent>?) {
        self.observer.withLock { $0 = observer }
    }

    /// Watches `child` (entry `index`), whose output comes through the non-blocking read ends
    /// `pipes`, until it ends; then calls `onEnd` with how it ended.
    func watch(
        _ child: ChildProcess, of index: Int, pipes: [Int32], output: OutputMultiplexer,
        onEnd: @escaping @Sendable (Termination) -> Void
    ) {
        let watch = Watch(index: index, child: child, pipes: pipes, output: output, onEnd: onEnd)
        let fds = pipes + [child.pidfd]
        // Under the lock, so that the reactor cannot end the child (on SIGCHLD) and close these
        // descriptors before they are in the epoll set.
        watched.withLock { watched in
            for (role, fd) in fds.enumerated() {
                watched.byDescriptor[fd] = Registration(watch: watch, role: role)
                add(fd)
            }
            watched.byPid[child.pid] = watch
        }
        // Launched from the loop, on this thread: what ended meanwhile is reaped now, not after the
        // last launch of a stage (1,000 `true` at once: 1.30 -> 1.22 times the C floor).
        if thread.load(ordering: .relaxed) == pthread_self() { handleEvents(timeout: 0) }
    }

    /// Calls `onReadable` on the reactor's thread each time `fd` has input, until `stopReading`.
    func read(_ fd: Int32, onReadable: Handler<Void>) {
        readers.withLock { $0[fd] = onReadable }
        add(fd)
    }

    /// Stops watching `fd` for `read(_:onReadable:)` (it is left open).
    func stopReading(_ fd: Int32) {
        readers.withLock { _ = $0.removeValue(forKey: fd) }
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
    }

    /// Runs `job` on the reactor's thread after what woke it.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let first = jobs.withLock { queue in
            queue.append(job)
            return queue.count == 1
        }
        // The reactor runs every job before it waits again: only a job from elsewhere must wake it.
        if first, thread.load(ordering: .relaxed) != pthread_self() {
            var one: UInt64 = 1
            _ = Glibc.write(jobSignal, &one, 8)
        }
    }

    /// Runs the queued jobs, and those they queue, until none is left.
    private func runJobs() {
        while true {
            var batch: [UnownedJob] = []
            jobs.withLock { swap(&$0, &batch) }
            if batch.isEmpty { return }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }

    private func run() {
        thread.store(pthread_self(), ordering: .relaxed)
        SignalListener.acceptChildSignals()
        while true {
            runJobs()
            guard handleEvents(timeout: -1) >= 0 else { return }
        }
    }

    /// Waits up to `timeout` ms (-1: without end) for descriptors to be ready and handles them.
    /// Returns how many were, or -1 when epoll failed for good.
    @discardableResult
    private func handleEvents(timeout: Int32) -> Int32 {
        guard !handling else { return 0 }
        handling = true
        defer { handling = false }
        let count = epoll_wait(epoll, events.baseAddress, Int32(events.count), timeout)
        guard count >= 0 else { return errno == EINTR ? 0 : -1 }
        for event in events[0..<Int(count)] {
            if event.data.fd == jobSignal {
                var count: UInt64 = 0
                _ = Glibc.read(jobSignal, &count, 8)
                continue
            }
            if event.data.fd == childSignalPipeReadEnd {
                childSignalled(buffer: buffer)
                continue
            }
            if event.data.fd == resumeSignal {
                resumeDrainedPipes()
                continue
            }
            if let reader = readers.withLock({ $0[event.data.fd] }) {
                reader(())
                continue
            }
            guard let registration = watched.withLock({ $0.byDescriptor[event.data.fd] }) else { continue }
            let watch = registration.watch
            if registration.role == Self.pidfdRole {
                end(watch, buffer: buffer)
            } else if watch.pipes[registration.role] >= 0 {
                if read(watch, registration.role, into: buffer) == 0 { close(watch, registration.role) }
            }
        }
        return count
    }

    /// Reaps `watch`'s child if it ended, reads its pipes to the end, and reports the end. Returns
    /// whether it had ended.
    @discardableResult
    private func end(_ watch: Watch, buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard let termination = watch.child.reap() else { return false }
        for role in watch.pipes.indices { drain(watch, role, into: buffer) }
        watched.withLock { _ = $0.byPid.removeValue(forKey: watch.child.pid) }
        unwatch(watch.child.pidfd)
        watch.onEnd(termination)
        return true
    }

    /// SIGCHLD: ends the watched children that exited (before their pidfds say so), then tells the
    /// observer of any other exited child, and of children stopped by SIGTTIN or SIGTTOU.
    private func childSignalled(buffer: UnsafeMutableRawBufferPointer) {
        while Glibc.read(childSignalPipeReadEnd, buffer.baseAddress, buffer.count) > 0 {}
        // Usually the child that signalled was an entry's, already ended through its pidfd.
        guard muster_child_is_waitable() != 0 else { return }
        var otherExited = false
        while true {
            let pid = muster_peek_exited_child()
            guard pid != 0 else { break }
            guard let watch = watched.withLock({ $0.byPid[pid] }) else {
                otherExited = true
                break
            }
            guard end(watch, buffer: buffer) else { break }
        }
        let observer = observer.withLock { $0 }
        if otherExited { observer?(.orphanExited) }
        var pid: Int32 = 0
        var signal: Int32 = 0
        while muster_take_stopped_child(&pid, &signal) == 1 {
            if signal == SIGTTIN || signal == SIGTTOU { observer?(.childStopped(pid: pid, signal: signal)) }
        }
    }

    /// Reads what is in `watch`'s pipe `role` (one read) and hands its lines on. Returns the bytes
    /// read: 0 at the end of the stream, -1 when nothing is there now.
    private func read(_ watch: Watch, _ role: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var count: Int
        repeat {
            count = Glibc.read(watch.pipes[role], buffer.baseAddress, buffer.count)
        } while count < 0 && errno == EINTR
        guard count > 0 else { return count == 0 || errno != EAGAIN ? 0 : -1 }
        var batch = watch.output.batch(for: watch.index, at: .now(), bytes: count)
        watch.splitters[role].feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
            watch.output.add($0, to: &batch)
        }
        if watch.output.send(batch, from: Self.streams[role]) { pause(watch, role) }
        return count
    }

    /// Stops reading `watch`'s pipe `role` until the queue its lines go to has drained.
    private func pause(_ watch: Watch, _ role: Int) {
        guard !watch.paused[role], watch.pipes[role] >= 0 else { return }
        watch.paused[role] = true
        epoll_ctl(epoll, EPOLL_CTL_DEL, watch.pipes[role], nil)
        watch.output.whenDrained(
            Self.streams[role],
            Handler { [self] _ in
                resumable.withLock { $0.append((watch, role)) }
                var one: UInt64 = 1
                _ = Glibc.write(resumeSignal, &one, 8)
            })
    }

    /// Reads the paused pipes whose queues have drained again (those still open).
    private func resumeDrainedPipes() {
        var count: UInt64 = 0
        _ = Glibc.read(resumeSignal, &count, 8)
        let drained = resumable.withLock { list -> [(watch: Watch, role: Int)] in
            defer { list.removeAll() }
            return list
        }
        for (watch, role) in drained {
            guard watch.paused[role], watch.pipes[role] >= 0 else { continue }
            watch.paused[role] = false
            add(watch.pipes[role])
        }
    }

    /// Reads `watch`'s pipe `role` to its end (or as far as `drainLimit`), then closes it.
    private func drain(_ watch: Watch, _ role: Int, into buffer: UnsafeMutableRawBufferPointer) {
        var total = 0
        while watch.pipes[role] >= 0, total < Self.drainLimit {
            let count = read(watch, role, into: buffer)
            guard count > 0 else { break }
            total += count
        }
        close(watch, role)
    }

    /// Hands on the unfinished last line of `watch`'s pipe `role`, and stops watching the pipe.
    private func close(_ watch: Watch, _ role: Int) {
        guard watch.pipes[role] >= 0 else { return }
        if watch.splitters[role].holdsPartialLine {
            var batch = watch.output.batch(for: watch.index, at: .now())
            watch.splitters[role].finish { watch.output.add($0, to: &batch) }
            watch.output.send(batch, from: Self.streams[role])
        }
        unwatch(watch.pipes[role])
        watch.pipes[role] = -1
    }

    /// Stops watching `fd` and closes it.
    private func unwatch(_ fd: Int32) {
        watched.withLock { _ = $0.byDescriptor.removeValue(forKey: fd) }
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
        Glibc.close(fd)
    }
}
