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
