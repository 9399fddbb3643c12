internal import CMusterLinux
internal import Glibc

/// Process-wide settings muster needs before it starts children.
package enum ResourceLimits {
    /// How many children may be between "launch" and "started" at once. Spawns are serialised in
    /// swift-subprocess anyway; more in flight only holds more pipes open, and every spawn's
    /// cost grows with the number of open descriptors (measured: 1,000 `true` entries take 0.50 s
    /// with 16 in flight, 1.0 s with all of them).
    package static let launchesInFlight = 16

    /// How many children may be alive at once: a running child holds three descriptors (its pidfd
    /// and two pipes), one being launched up to eight (swift-subprocess traps instead of failing
    /// when they run out); muster keeps 64 for itself and its control clients. At most 1,024.
    package static var concurrentChildren: Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 100 }
        let available = Int(min(limit.rlim_cur, 1 << 20))
        return max(1, min(1024, (available - 64 - launchesInFlight * 8) / 3))
    }

    /// Raises the open-file soft limit to the hard limit (each child holds about three
    /// descriptors), ignores SIGPIPE so a closed reader of muster's output is an error, not death,
    /// and makes muster a child subreaper so that entries' orphaned grandchildren stay its own to
    /// reap and kill at teardown.
    package static func prepareProcess() {
        _ = muster_become_subreaper()
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        signal(SIGPIPE, SIG_IGN)
    }
}
