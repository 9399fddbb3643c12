internal import Glibc

/// What is left of entries' process groups after their main processes ended: grandchildren
/// started in the background. They go at the end of the run, as the entries' own teardown would.
enum ProcessGroups {
    /// Whether any process of group `pgid` is still alive. Call only once the group's leader (the
    /// entry's main process) has been reaped: it reaps the group's orphans (muster is their
    /// subreaper), which would otherwise count as alive until reaped.
    static func isAlive(_ pgid: Int32) -> Bool {
        var info = siginfo_t()
        while waitid(P_PGID, id_t(pgid), &info, WEXITED | WNOHANG) == 0, info._sifields._sigchld.si_pid != 0 {
            info = siginfo_t()
        }
        return Glibc.kill(-pgid, 0) == 0
    }

    /// Reaps the exited members of group `pgid` other than its leader, which is still an entry's
    /// main process (the `ChildReactor` reaps that one): each waitable child is looked at without
    /// reaping it first, and reaped by pid only when it is not the leader.
    static func reapMembers(of pgid: Int32) {
        while true {
            var info = siginfo_t()
            guard waitid(P_PGID, id_t(pgid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return }
            let pid = info._sifields._sigchld.si_pid
            guard pid != 0, pid != pgid else { return }
            var status: Int32 = 0
            waitpid(pid, &status, WNOHANG)
        }
    }

    /// Sends each group its signal, waits up to `grace` for them to go, then SIGKILLs what is left.
    static func shutDown(_ groups: [(pgid: Int32, signal: Int32)], grace: Duration) async {
        var alive = groups.filter { isAlive($0.pgid) }
        guard !alive.isEmpty else { return }
        for group in alive { Glibc.kill(-group.pgid, group.signal) }
        // Orphans of several groups give no single thing to wait on: check with growing pauses,
        // bounded by the grace period.
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        var pause = Duration.milliseconds(1)
        while !alive.isEmpty, clock.now < deadline {
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
            alive = alive.filter { isAlive($0.pgid) }
        }
        for group in alive { Glibc.kill(-group.pgid, SIGKILL) }
    }

    /// SIGKILLs and reaps muster's children that no entry accounts for: descendants that left their
    /// entry's process group (`setsid`, a double fork) and were re-parented to muster, its subreaper.
    /// Call at the very end of a run, when no entry is alive; `keep` is spared (the watchdog).
    static func killStrays(keeping keep: Set<Int32>) {
        let me = getpid()
        for pid in childrenOf(me) where !keep.contains(pid) {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// The pids whose parent is `parent`: from each of its threads' `children` file when the kernel
    /// has them (CONFIG_PROC_CHILDREN; children adopted as subreaper go to any thread), else from
    /// the parent field of every process in /proc.
    private static func childrenOf(_ parent: Int32) -> [Int32] {
        if let listed = childrenFromTaskFiles(of: parent) { return listed }
        return ProcFiles.processes().filter { pid in
            guard let fields = ProcFiles.statFields(of: pid), fields.count > 1 else { return false }
            return Int32(fields[1]) == parent
        }
    }

    private static func childrenFromTaskFiles(of parent: Int32) -> [Int32]? {
        guard let tasks = ProcFiles.names(in: "/proc/\(parent)/task") else { return nil }
        var children: [Int32] = []
        for task in tasks where Int32(task) != nil {
            guard let text = ProcFiles.text("/proc/\(parent)/task/\(task)/children") else {
                if errno == ENOENT, access("/proc/\(parent)/task/\(task)", F_OK) == 0 { return nil }  // no such files here
                continue  // the thread ended meanwhile
            }
            children += text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int32($0) }
        }
        return children
    }

    /// SIGKILLs every group at once.
    static func killAll(_ pgids: [Int32]) {
        for pgid in pgids where pgid > 0 { Glibc.kill(-pgid, SIGKILL) }
    }
}
