internal import Dispatch
internal import MusterControl
internal import Synchronization

/// The run's final state, for control clients that wait for the run to end (`muster ps --watch`,
/// and whoever sends `{"command":"wait"}`): muster answers them before it exits.
final class RunEnd: Sendable {
    private struct State {
        var final: ControlResponse?
        /// What makes `final` once the run has ended: built for the first client that asks, as
        /// most runs end with nobody asking (a whole `ps` answer, for every entry).
        var makeFinal: (@Sendable () -> ControlResponse)?
        /// Clients that were or will be given the final state and have not written it yet.
        var delivering = 0

        var hasEnded: Bool { final != nil || makeFinal != nil }

        /// The final state, made now if nobody asked before; nil while the run goes.
        mutating func finalState() -> ControlResponse? {
            if final == nil, let makeFinal {
                final = makeFinal()
                self.makeFinal = nil
            }
            return final
        }
        var waiters: [ObjectIdentifier: DispatchSemaphore] = [:]
    }

    private let state = Mutex(State())
    private let delivered = DispatchSemaphore(value: 0)

    /// Waits until the run has ended, or for at most `timeout`: the final state, or nil when the
    /// run still goes. After a final state, call `delivered()` once it is written to the client.
    func wait(timeout: Duration?) -> ControlResponse? {
        let wake = DispatchSemaphore(value: 0)
        let id = ObjectIdentifier(wake)
        let already = state.withLock { state -> ControlResponse? in
            state.delivering += 1
            if !state.hasEnded { state.waiters[id] = wake }
            return state.finalState()
        }
        if let already { return already }
        if let timeout {
            let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            _ = wake.wait(timeout: .now() + .milliseconds(max(0, milliseconds)))
        } else {
            wake.wait()
        }
        let final = state.withLock { state -> ControlResponse? in
            state.waiters[id] = nil
            if !state.hasEnded { state.delivering -= 1 }
            return state.finalState()
        }
        return final
    }

    /// The final state given by `wait` has been written to its client.
    func deliver() {
        state.withLock { $0.delivering -= 1 }
        delivered.signal()
    }

    /// The run is over: gives waiting clients the final state `makeFinal` makes, and waits (at
    /// most two seconds) until they have it.
    func finish(_ makeFinal: @escaping @Sendable () -> ControlResponse) {
        let waiters = state.withLock { state -> [DispatchSemaphore] in
            state.makeFinal = makeFinal
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.signal() }
        let deadline = DispatchTime.now() + .seconds(2)
        while state.withLock({ $0.delivering > 0 }) {
            if delivered.wait(timeout: deadline) == .timedOut { return }
        }
    }
}
