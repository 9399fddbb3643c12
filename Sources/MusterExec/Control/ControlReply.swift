internal import Dispatch
package import MusterControl
internal import Synchronization

/// Carries one response from the executor's loop back to the control connection waiting for it.
package final class ControlReplier: Sendable {
    private let response = Mutex<ControlResponse?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    /// Delivers the response (only the first one counts).
    package func reply(_ value: ControlResponse) {
        let first = response.withLock { slot in
            guard slot == nil else { return false }
            slot = value
            return true
        }
        if first { ready.signal() }
    }

    /// Waits for the response; gives up with a failure when `isOver` says the run has ended.
    func wait(isOver: () -> Bool) -> ControlResponse {
        while ready.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            if isOver() { return .failure("the run ended before it could answer") }
        }
        return response.withLock { $0 } ?? .failure("no answer")
    }
}

/// Output lines of one entry queued for a `logs --follow` client, bounded.
package final class LogFollower: Sendable {
    private static let limit = 10_000
    private let state = Mutex<(lines: [String], closed: Bool)>(([], false))
    private let available = DispatchSemaphore(value: 0)

    /// Queues lines (dropping the oldest beyond the bound) and wakes the reader.
    func push(_ lines: [String]) {
        state.withLock { state in
            state.lines += lines
            if state.lines.count > Self.limit { state.lines.removeFirst(state.lines.count - Self.limit) }
        }
        available.signal()
    }

    /// No more lines will come.
    func close() {
        state.withLock { $0.closed = true }
        available.signal()
    }

    /// The lines queued so far, waiting for some; nil once closed and drained.
    func take() -> [String]? {
        while true {
            let (lines, closed) = state.withLock { state -> ([String], Bool) in
                defer { state.lines.removeAll() }
                return (state.lines, state.closed)
            }
            if !lines.isEmpty { return lines }
            if closed { return nil }
            available.wait()
        }
    }
}
