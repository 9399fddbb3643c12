internal import CMusterLinux
internal import Glibc
internal import Synchronization

/// Resolves the hosts of `tcp:` and `http:` probes without ever blocking a thread of Swift's
/// cooperative pool, which runs the executor's loop, every probe and every timer.
///
/// A numeric host ("127.0.0.1", "::1") is parsed at once. A name goes to the system's blocking
/// `getaddrinfo` on a resolver thread of muster's own, and the caller awaits the answer only
/// until its deadline: a resolver that never answers costs a probe its timeout, not the whole
/// run 10 s. At most `limit` lookups go at a time, each on its own thread; further names wait in
/// order, and callers asking for a name already being looked up share that lookup. A thread
/// exits when no name is left to look up, so an idle muster has none.
///
/// A lookup nobody waits for any more is dropped if it has not started; if it has, its thread
/// finishes it, frees the system's list (copied into `ResolvedAddress` values first, always) and
/// throws the answer away.
package final class HostResolver: Sendable {
    /// A blocking lookup of one name, run on a resolver thread: the system's `getaddrinfo`, or a
    /// stand-in in tests.
    package typealias Lookup = @Sendable (String) -> Result<[ResolvedAddress], CheckFailure>

    /// The process's resolver: `getaddrinfo`, at most 8 names at a time.
    package static let shared = HostResolver(limit: 8) { ResolvedAddress.lookUp($0, flags: 0) }

    private struct State {
        /// The callers waiting for each name queued or being looked up.
        var waiters: [String: [ResolverWaiter]] = [:]
        /// Names whose lookup has not started, first come first.
        var queue: [String] = []
        /// Names whose lookup is going on a resolver thread.
        var running: Set<String> = []
        /// Resolver threads alive.
        var threads = 0
    }

    private let limit: Int
    private let lookup: Lookup
    // A mutex, not an actor: resolver threads are plain threads, outside Swift concurrency.
    private let state = Mutex(State())

    /// A resolver running `lookup` on at most `limit` threads at once.
    package init(limit: Int, lookup: @escaping Lookup) {
        self.limit = max(1, limit)
        self.lookup = lookup
    }

    /// The stream addresses of `host` with `port`, or why there are none: "cannot resolve HOST: …"
    /// as the system says, or "…: no answer within the probe's timeout" when `deadline` passes
    /// first. A cancelled caller gets a failure at once. Never blocks the calling thread.
    package func resolve(
        _ host: String, port: Int, until deadline: ContinuousClock.Instant
    ) async -> Result<[ResolvedAddress], CheckFailure> {
        // Parsing a numeric host involves no resolver, so it is done here, whatever the deadline.
        if case .success(let addresses) = ResolvedAddress.lookUp(host, flags: AI_NUMERICHOST) {
            return .success(addresses.map { $0.withPort(port) })
        }
        return await request(host).answer(port: port, until: deadline)
    }

    /// One caller's request for a name, made by `request(_:)`: its answer is awaited once.
    package struct Request: Sendable {
        fileprivate let resolver: HostResolver
        fileprivate let host: String
        fileprivate let waiter: ResolverWaiter

        /// The addresses with `port`, or why there are none; gives up at `deadline` ("cannot
        /// resolve HOST: no answer within the probe's timeout") or at once when the task is
        /// cancelled ("cannot resolve HOST: stopped before an answer came").
        package func answer(
            port: Int, until deadline: ContinuousClock.Instant
        ) async -> Result<[ResolvedAddress], CheckFailure> {
            guard let answer = await waiter.answer(until: deadline) else {
                let started = resolver.withdraw(waiter, from: host)
                if Task.isCancelled {
                    return .failure(CheckFailure("cannot resolve \(host): stopped before an answer came"))
                }
                let why = started ? "" : " (no resolver thread was free)"
                return .failure(CheckFailure("cannot resolve \(host): no answer within the probe's timeout\(why)"))
            }
            return answer.map { $0.map { $0.withPort(port) } }
        }
    }

    /// Looks `host` up on a resolver thread, or joins its lookup if one is queued or going, and
    /// returns at once; the answer is the request's. `resolve` is this plus the numeric case.
    package func request(_ host: String) -> Request {
        let waiter = ResolverWaiter()
        let needsThread = state.withLock { state -> Bool in
            if state.waiters[host] != nil {
                state.waiters[host]!.append(waiter)
                return false
            }
            state.waiters[host] = [waiter]
            state.queue.append(host)
            guard state.threads < limit else { return false }
            state.threads += 1
            return true
        }
        if needsThread && !startThread() { threadDidNotStart() }
        return Request(resolver: self, host: host, waiter: waiter)
    }

    /// How many names are queued or being looked up (for tests).
    package var pendingNames: Int {
        state.withLock { $0.waiters.count }
    }

    /// Takes `waiter` off `host`'s lookup, and drops the lookup if it has not started and nobody
    /// else waits for it; whether it had started.
    fileprivate func withdraw(_ waiter: ResolverWaiter, from host: String) -> Bool {
        state.withLock { state in
            guard var waiters = state.waiters[host] else { return true }  // answered meanwhile
            let started = state.running.contains(host)
            waiters.removeAll { $0 === waiter }
            if waiters.isEmpty && !started {
                state.waiters[host] = nil
                state.queue.removeAll { $0 == host }
            } else {
                state.waiters[host] = waiters
            }
            return started
        }
    }

    /// A resolver thread's life: looks up queued names until none is left.
    private func work() {
        while let host = nextHost() {
            let answer = lookup(host)
            let waiters = state.withLock { state in
                state.running.remove(host)
                return state.waiters.removeValue(forKey: host) ?? []
            }
            for waiter in waiters { waiter.finish(answer) }
        }
    }

    /// The next queued name, now running; nil (and one thread fewer) when there is none.
    private func nextHost() -> String? {
        state.withLock { state in
            guard !state.queue.isEmpty else {
                state.threads -= 1
                return nil
            }
            let host = state.queue.removeFirst()
            state.running.insert(host)
            return host
        }
    }

    /// Starts a detached resolver thread with every signal blocked (muster's handlers run on
    /// other threads); whether it started.
    private func startThread() -> Bool {
        var all = sigset_t()
        var saved = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        // The thread owns one reference to the resolver until it exits.
        let resolver = Unmanaged.passRetained(self)
        var thread: pthread_t = 0
        let status = pthread_create(&thread, nil, { argument in
            let resolver = Unmanaged<HostResolver>.fromOpaque(argument!).takeRetainedValue()
            _ = muster_name_thread("muster.resolve")
            resolver.work()
            return nil
        }, resolver.toOpaque())
        if status == 0 { pthread_detach(thread) } else { resolver.release() }
        return status == 0
    }

    /// A thread could not be started (too many threads in the system): one thread fewer, and
    /// if none is left to serve the queue, every queued name fails now rather than at its deadline.
    private func threadDidNotStart() {
        let abandoned = state.withLock { state -> [(String, [ResolverWaiter])] in
            state.threads -= 1
            guard state.threads == 0 else { return [] }
            let names = state.queue
            state.queue.removeAll()
            return names.map { ($0, state.waiters.removeValue(forKey: $0) ?? []) }
        }
        for (host, waiters) in abandoned {
            let failure = CheckFailure("cannot resolve \(host): no resolver thread could start")
            for waiter in waiters { waiter.finish(.failure(failure)) }
        }
    }
}
