internal import CMusterLinux
internal import Glibc
internal import MusterControl

/// A small watchdog process that outlives muster only to kill what muster started. muster appends
/// each entry's process group to an in-memory file (the watchdog's standard output, which it only
/// reads at the end, so spawning an entry wakes nobody) and holds a pipe to the watchdog's standard
/// input; if the pipe closes without an `exit` line (muster was SIGKILLed or crashed), the watchdog
/// SIGKILLs every group in the file. Nothing of a run survives muster in any path.
final class OrphanWatchdog: Sendable {
    /// The script: wait for `exit` (leave) or the end of input; then kill the groups listed in the
    /// file behind its standard output, and every process whose environment carries this run's
    /// authkey — which also finds what was spawned a moment before muster died, before its group
    /// was written, and what left its group. The key comes in as `WATCHED_KEY`, so the watchdog
    /// never matches itself.
    private static let script = """
        exec 3</proc/self/fd/1
        while IFS= read -r line; do
            [ "$line" = exit ] && exit 0
        done
        while IFS= read -r group <&3; do kill -s KILL -- "-$group" 2>/dev/null; done
        for pass in 1 2; do
            for file in $(grep -lsz "^MUSTER_AUTHKEY=$WATCHED_KEY\\$" /proc/[0-9]*/environ); do
                pid=${file#/proc/}; pid=${pid%/environ}
                kill -s KILL -- "-$pid" 2>/dev/null; kill -s KILL "$pid" 2>/dev/null
            done
        done
        exit 0
        """

    private let writeEnd: Int32
    private let groups: Int32
    private let pidfd: Int32
    /// The watchdog's pid.
    let pid: Int32

    private init(writeEnd: Int32, groups: Int32, pid: Int32, pidfd: Int32) {
        self.writeEnd = writeEnd
        self.groups = groups
        self.pid = pid
        self.pidfd = pidfd
    }

    /// Starts the watchdog (running when this returns: the spawn returns after its exec), in a
    /// process group of its own so that a Ctrl-C to muster's group does not reach it; nil when it
    /// cannot be started (muster then runs without it).
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
        let spawned = withCStrings(["sh", "-c", script]) { argv in
            withCStrings(["PATH=/usr/bin:/bin", "WATCHED_KEY=\(authkey.hex)"]) { environment in
                muster_spawn("/bin/sh", argv, environment, "/", readEnd, groups, -1, &pid, &pidfd)
            }
        }
        guard spawned == 0 else {
            close(writeEnd)
            close(groups)
            return nil
        }
        return OrphanWatchdog(writeEnd: writeEnd, groups: groups, pid: pid, pidfd: pidfd)
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
        while muster_reap(pidfd, &code, &signal) == 0 { _ = poll(&pollfd, 1, -1) }
        close(pidfd)
    }

    private func write(_ line: String, to fd: Int32) {
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
