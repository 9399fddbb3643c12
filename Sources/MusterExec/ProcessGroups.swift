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

    /// SIGKILLs every group at once.
    static func killAll(_ pgids: [Int32]) {
        for pgid in pgids where pgid > 0 { Glibc.kill(-pgid, SIGKILL) }
    }
}
