internal import CMusterLinux
internal import Glibc
internal import Synchronization
internal import Subprocess
internal import SystemPackage

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
    private let started = Mutex<Int32?>(nil)

    private init(writeEnd: Int32, groups: Int32) {
        self.writeEnd = writeEnd
        self.groups = groups
    }

    /// The watchdog's pid, once it runs.
    var pid: Int32? { started.withLock { $0 } }

    /// Starts the watchdog in `group` and returns once it runs; nil when it cannot be started
    /// (muster then runs without it).
    static func start(in group: inout DiscardingTaskGroup, authkey: Authkey) async -> OrphanWatchdog? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        let readEnd = ends[0]
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        let groups = muster_memory_file("muster-groups")
        guard groups >= 0 else {
            close(readEnd)
            close(ends[1])
            return nil
        }
        var options = PlatformOptions()
        options.processGroupID = 0  // its own group: a Ctrl-C to muster's group does not reach it
        let watchdog = OrphanWatchdog(writeEnd: ends[1], groups: groups)
        let (running, runs) = AsyncStream.makeStream(of: Void.self)
        group.addTask {
            defer { runs.finish() }
            _ = try? await Subprocess.run(
                .path("/bin/sh"), arguments: ["-c", script], environment: .custom(["PATH": "/usr/bin:/bin", "WATCHED_KEY": authkey.hex]),
                platformOptions: options, input: .fileDescriptor(FileDescriptor(rawValue: readEnd), closeAfterSpawningProcess: true),
                output: .fileDescriptor(FileDescriptor(rawValue: groups), closeAfterSpawningProcess: false),
                error: .discarded
            ) { execution in
                watchdog.started.withLock { $0 = execution.processIdentifier.value }
                runs.yield()
            }
        }
        // Entries start only once the watchdog runs: otherwise a muster killed at once would
        // leave them with nobody to kill them.
        for await _ in running { break }
        return watchdog.pid == nil ? nil : watchdog
    }

    /// Tells the watchdog about an entry's process group.
    func watch(_ pgid: Int32) {
        write("\(pgid)\n", to: groups)
    }

    /// The run ended normally: the watchdog leaves without killing anything.
    func dismiss() {
        write("exit\n", to: writeEnd)
        close(writeEnd)
        close(groups)
    }

    private func write(_ line: String, to fd: Int32) {
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
