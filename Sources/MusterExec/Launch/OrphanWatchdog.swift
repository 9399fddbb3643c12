internal import CMusterLinux
internal import Glibc
internal import MusterControl

/// A small watchdog process that outlives muster only to kill what muster started. muster appends
/// each entry's process group to an in-memory file (the watchdog's standard output, which it only
/// reads at the end, so spawning an entry wakes nobody) and holds a pipe to the watchdog's standard
/// input; if the pipe closes without an `exit` line (muster was SIGKILLed or crashed), the watchdog
/// SIGKILLs every group in the file, and every process whose environment carries this run's
/// authkey — which also finds what was spawned a moment before muster died, before its group was
/// written, and what left its group. Nothing of a run survives muster in any path.
///
/// The watchdog is `muster_watchdog_start`'s C function in a process that shares muster's memory,
/// not a shell: starting /bin/sh cost a run about 0.8 ms of CPU, 75 page faults and a dozen
/// context switches.
final class OrphanWatchdog: Sendable {
    private let writeEnd: Int32
    private let groups: Int32
    private let pidfd: Int32
    /// The address of the watchdog's stack, freed once it is reaped.
    private let stack: UInt
    /// The watchdog's pid.
    let pid: Int32

    private init(writeEnd: Int32, groups: Int32, pid: Int32, pidfd: Int32, stack: UInt) {
        self.writeEnd = writeEnd
        self.groups = groups
        self.pid = pid
        self.pidfd = pidfd
        self.stack = stack
    }

    /// Starts the watchdog (running when this returns), in a process group of its own so that a
    /// Ctrl-C to muster's group does not reach it; nil when it cannot be started (muster then
    /// runs without it).
    static func start(authkey: Authkey) -> OrphanWatchdog? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }
        let groups = muster_memory_file("muster-groups")
        guard groups >= 0 else {
            close(writeEnd)
            return nil
        }
        var pid: Int32 = 0
        var pidfd: Int32 = -1
        guard let stack = muster_watchdog_start(readEnd, groups, authkey.hex, &pid, &pidfd) else {
            close(writeEnd)
            close(groups)
            return nil
        }
        return OrphanWatchdog(writeEnd: writeEnd, groups: groups, pid: pid, pidfd: pidfd, stack: UInt(bitPattern: stack))
    }

    /// Tells the watchdog about an entry's process group.
    func watch(_ pgid: Int32) {
        write("\(pgid)\n", to: groups)
    }

    /// The run ended normally: the watchdog leaves without killing anything, and is reaped.
    func dismiss() {
        write("exit\n", to: writeEnd)
        close(writeEnd)
        close(groups)
        // It leaves at once; should it not within a second, it goes by SIGKILL.
        var pollfd = Glibc.pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        if poll(&pollfd, 1, 1000) != 1 { _ = Glibc.kill(pid, SIGKILL) }
        var code: Int32 = 0
        var signal: Int32 = 0
        var reaped = muster_reap(pidfd, &code, &signal)
        while reaped == 0 {
            _ = poll(&pollfd, 1, -1)
            reaped = muster_reap(pidfd, &code, &signal)
        }
        close(pidfd)
        // Its stack is in muster's memory: freed only once it is certainly gone.
        if reaped == 1, let stack = UnsafeMutableRawPointer(bitPattern: stack) { muster_watchdog_free(stack) }
    }

    private func write(_ line: String, to fd: Int32) {
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
