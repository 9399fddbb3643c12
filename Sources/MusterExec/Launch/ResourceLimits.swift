internal import CMusterLinux
internal import Glibc

/// Process-wide settings muster needs before it starts children.
package enum ResourceLimits {
    /// How many children may be alive at once: a running child holds three descriptors (its pidfd
    /// and the read ends of two pipes), two more while it is spawned; muster keeps 64 for itself,
    /// its probes and its control clients. At most 1,024.
    package static var concurrentChildren: Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 100 }
        let available = Int(min(limit.rlim_cur, 1 << 20))
        return max(1, min(1024, (available - 64 - 2) / 3))
    }

    /// Opens /dev/null on a closed standard stream (`muster run >&-`), before muster opens
    /// anything: otherwise its first pipe would become "standard output", and children's lines
    /// would be written into it. Call first thing in `main`.
    package static func openStandardStreams() {
        muster_open_standard_streams()
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
