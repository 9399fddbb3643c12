internal import Synchronization

/// The executor loop's inbox: what the reactor, timers, probes, signals and control connections
/// report, taken in the order it came by the one loop (`for await event in events`).
///
/// In place of `AsyncStream`, whose buffer and hand-off are generic code the compiler does not
/// specialise: on a chain of `true` they cost the loop's thread about 8 µs per entry's end.
/// Anyone may `yield`, from any thread; only one task reads.
final class EventQueue: Sendable {
    private struct State {
        var buffer: [ExecutorEvent] = []
        var head = 0
        /// The reader, while it waits for an event; the buffer is empty then.
        var reader: UnsafeContinuation<ExecutorEvent, Never>?

        mutating func take() -> ExecutorEvent? {
            guard head < buffer.count else { return nil }
            let event = buffer[head]
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            }
            return event
        }
    }

    private let state = Mutex(State())

    /// Hands `event` to the loop: to the reader at once if it waits, else after those before it.
    func yield(_ event: ExecutorEvent) {
        let reader = state.withLock { state -> UnsafeContinuation<ExecutorEvent, Never>? in
            if let reader = state.reader {
                state.reader = nil
                return reader
            }
            state.buffer.append(event)
            return nil
        }
        reader?.resume(returning: event)
    }

    /// The next event, waiting for one when none is there.
    func next() async -> ExecutorEvent {
        if let event = state.withLock({ $0.take() }) { return event }
        return await withUnsafeContinuation { reader in
            let event = state.withLock { state -> ExecutorEvent? in
                if let event = state.take() { return event }
                state.reader = reader
                return nil
            }
            if let event { reader.resume(returning: event) }
        }
    }
}
