import Dispatch
import Glibc
import MusterExec
import Synchronization
import Testing

/// The probes' host resolver: numeric hosts at once, names on resolver threads of its own, a
/// caller never held past its deadline, a bounded number of lookups at a time.
///
/// The slow resolver here is a stand-in lookup that blocks its thread until the test opens a
/// gate, and says when it starts; the real dead resolver is in `DeadResolverTests`.
@Suite(.timeLimit(.minutes(1)))
struct HostResolverTests {
    /// A lookup that records the names it is asked for, reports each start on `started`, and
    /// blocks until `gate` is signalled once per lookup; then it answers 192.0.2.1.
    final class BlockedLookup: Sendable {
        let gate = DispatchSemaphore(value: 0)
        let calls = Mutex<[String]>([])
        let inFlight = Mutex((now: 0, most: 0))
        /// The name of each lookup as it starts.
        let started: AsyncStream<String>
        private let startedContinuation: AsyncStream<String>.Continuation

        init() {
            (started, startedContinuation) = AsyncStream.makeStream(of: String.self)
        }

        func callAsFunction(_ host: String) -> Result<[ResolvedAddress], CheckFailure> {
            calls.withLock { $0.append(host) }
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            startedContinuation.yield(host)
            gate.wait()
            inFlight.withLock { $0.now -= 1 }
            return ResolvedAddress.lookUp("192.0.2.1", flags: AI_NUMERICHOST)
        }
    }

    /// A resolver of `limit` threads running `lookup`.
    private func resolver(_ lookup: BlockedLookup, limit: Int) -> HostResolver {
        HostResolver(limit: limit) { lookup($0) }
    }

    private static let farDeadline = Duration.seconds(60)

    // MARK: Without a lookup

    /// IPv4 and IPv6 literals are parsed in place: they resolve even with a deadline already
    /// past, and no lookup runs.
    @Test(arguments: [("127.0.0.1", AF_INET), ("::1", AF_INET6), ("192.0.2.7", AF_INET), ("2001:db8::5", AF_INET6)])
    func aNumericHostResolvesAtOnceWithoutALookup(_ host: String, _ family: Int32) async throws {
        let lookup = BlockedLookup()
        let addresses = try await resolver(lookup, limit: 1).resolve(host, port: 5432, until: .now).get()
        #expect(addresses.map(\.numericHost) == [host])
        #expect(addresses.map(\.family) == [family])
        #expect(addresses.map(\.port) == [5432])
        #expect(lookup.calls.withLock { $0 }.isEmpty)
    }

    /// A name from /etc/hosts goes through the system's lookup on a resolver thread and comes
    /// back with the port set.
    @Test func localhostResolvesToALoopbackAddress() async throws {
        let addresses = try await HostResolver.shared.resolve("localhost", port: 8080, until: .now + .seconds(20)).get()
        #expect(!addresses.isEmpty)
        for address in addresses {
            #expect(["127.0.0.1", "::1"].contains(address.numericHost), "localhost resolved to \(address.numericHost)")
            #expect(address.port == 8080)
        }
    }

    /// A name the system cannot resolve fails with its message, at once: a syntactically invalid
    /// name never reaches DNS.
    @Test func anInvalidNameFailsWithTheSystemsMessage() async {
        let result = await HostResolver.shared.resolve("bad..name", port: 80, until: .now + .seconds(20))
        guard case .failure(let failure) = result else {
            Issue.record("bad..name resolved: \(result)")
            return
        }
        #expect(failure.message.hasPrefix("cannot resolve bad..name: "))
        #expect(!failure.message.contains("timeout"))
    }

    // MARK: A lookup that does not answer

    /// The caller gets "no answer within the probe's timeout" at its deadline while the lookup
    /// is still blocked; the late answer is thrown away and the resolver holds nothing after it.
    /// (The stand-in answers only after the caller is back, so a caller that waited for it would
    /// never return and meet the suite's time limit. No upper bound on the wait is checked: with
    /// every cooperative thread busy running other tests, resuming can take seconds.)
    @Test func aCallerGivesUpAtItsDeadlineWhileTheLookupHangs() async throws {
        let lookup = BlockedLookup()
        var starts = lookup.started.makeAsyncIterator()
        let resolver = resolver(lookup, limit: 1)
        let request = resolver.request("dead.test")
        #expect(await starts.next() == "dead.test")
        let clock = ContinuousClock()
        let start = clock.now
        let result = await request.answer(port: 80, until: start + .milliseconds(200))
        let waited = clock.now - start
        #expect(result == .failure(CheckFailure("cannot resolve dead.test: no answer within the probe's timeout")))
        #expect(waited >= .milliseconds(200), "gave up after \(waited), before the deadline")

        // The thread finishes the abandoned lookup first, then this one: all is answered and gone.
        let next = resolver.request("next.test")
        lookup.gate.signal()
        lookup.gate.signal()
        let answer = try await next.answer(port: 81, until: .now + Self.farDeadline).get()
        #expect(answer.map(\.numericHost) == ["192.0.2.1"])
        #expect(lookup.calls.withLock { $0 } == ["dead.test", "next.test"])
        #expect(resolver.pendingNames == 0)
    }

    /// Cancelling the waiting task returns at once, and says so, with the deadline an hour away
    /// and the lookup still blocked (a caller waiting for either would meet the time limit).
    @Test func aCancelledCallerReturnsAtOnce() async throws {
        let lookup = BlockedLookup()
        var starts = lookup.started.makeAsyncIterator()
        let resolver = resolver(lookup, limit: 1)
        let caller = Task { await resolver.resolve("hung.test", port: 80, until: .now + .seconds(3600)) }
        #expect(await starts.next() == "hung.test")
        caller.cancel()
        let result = await caller.value
        #expect(result == .failure(CheckFailure("cannot resolve hung.test: stopped before an answer came")))
        lookup.gate.signal()
    }

    // MARK: Bounded lookups

    /// With a limit of 2, five names give two lookups at a time; the others wait their turn, and
    /// every caller is answered once the lookups ahead finish.
    @Test func noMoreThanTheLimitOfLookupsRunAtOnce() async throws {
        let lookup = BlockedLookup()
        var starts = lookup.started.makeAsyncIterator()
        let resolver = resolver(lookup, limit: 2)
        let names = (1...5).map { "name\($0).test" }
        let requests = names.map { resolver.request($0) }
        var started = [await starts.next(), await starts.next()]
        #expect(Set(started.compactMap { $0 }) == Set(names.prefix(2)))
        #expect(resolver.pendingNames == 5)
        for _ in names { lookup.gate.signal() }
        for request in requests {
            #expect(try await request.answer(port: 1, until: .now + Self.farDeadline).get().count == 1)
        }
        for _ in 3...5 { started.append(await starts.next()) }
        #expect(started.compactMap { $0 }.sorted() == names)
        #expect(lookup.inFlight.withLock { $0.most } == 2)
        #expect(resolver.pendingNames == 0)
    }

    /// A name queued behind busy threads whose caller gives up is never looked up, and the
    /// failure says no thread was free.
    @Test func aQueuedNameWhoseCallerGaveUpIsNeverLookedUp() async throws {
        let lookup = BlockedLookup()
        var starts = lookup.started.makeAsyncIterator()
        let resolver = resolver(lookup, limit: 1)
        let blocking = resolver.request("first.test")
        #expect(await starts.next() == "first.test")
        let queued = await resolver.request("queued.test").answer(port: 80, until: .now + .milliseconds(100))
        let message = "cannot resolve queued.test: no answer within the probe's timeout (no resolver thread was free)"
        #expect(queued == .failure(CheckFailure(message)))
        #expect(resolver.pendingNames == 1)

        let last = resolver.request("last.test")
        // One opening more than needed, so that a lookup of queued.test fails the test, not hangs it.
        for _ in 0..<3 { lookup.gate.signal() }
        _ = try await blocking.answer(port: 80, until: .now + Self.farDeadline).get()
        _ = try await last.answer(port: 80, until: .now + Self.farDeadline).get()
        #expect(lookup.calls.withLock { $0 } == ["first.test", "last.test"])
    }

    /// Callers of a name whose lookup is queued or going share it: one lookup, every caller
    /// answered with its own port.
    @Test func callersOfTheSameNameShareOneLookup() async throws {
        let lookup = BlockedLookup()
        var starts = lookup.started.makeAsyncIterator()
        let resolver = resolver(lookup, limit: 4)
        let requests = (0..<3).map { _ in resolver.request("shared.test") }
        #expect(await starts.next() == "shared.test")
        let late = resolver.request("shared.test")
        // One opening per caller, so that lookups that are not shared fail the test, not hang it.
        for _ in 0..<4 { lookup.gate.signal() }
        for (port, request) in zip(1..., requests + [late]) {
            let addresses = try await request.answer(port: port, until: .now + Self.farDeadline).get()
            #expect(addresses.map(\.port) == [port])
        }
        #expect(lookup.calls.withLock { $0 } == ["shared.test"])
    }
}
