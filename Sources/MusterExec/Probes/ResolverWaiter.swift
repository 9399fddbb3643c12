internal import Synchronization

/// One caller's wait for a host lookup: answered once, by whichever comes first — the resolver
/// thread's answer, the caller's deadline, or the caller's cancellation.
///
/// The resolver thread is not a task, so the answer crosses over through a continuation; the
/// mutex makes sure that continuation is resumed exactly once, however the three race.
final class ResolverWaiter: Sendable {
    /// What a lookup gives: the addresses, or why there are none.
    typealias Answer = Result<[ResolvedAddress], CheckFailure>

    private enum State {
        /// Nothing decided yet; the continuation once the caller is suspended.
        case waiting(CheckedContinuation<Answer?, Never>?)
        /// Decided before the caller suspended (nil: gave up).
        case decided(Answer?)
        /// The caller has been resumed.
        case resumed
    }

    private let state = Mutex(State.waiting(nil))

    /// Ends the wait with `answer`, or gives up with nil; only the first call counts.
    func finish(_ answer: Answer?) {
        let continuation = state.withLock { state -> CheckedContinuation<Answer?, Never>? in
            switch state {
            case .waiting(let continuation?):
                state = .resumed
                return continuation
            case .waiting(nil):
                state = .decided(answer)
                return nil
            case .decided, .resumed:
                return nil
            }
        }
        continuation?.resume(returning: answer)
    }

    /// The answer, or nil when `deadline` passed or the task was cancelled first. Returns at once
    /// in either case, whatever the resolver thread is doing.
    func answer(until deadline: ContinuousClock.Instant) async -> Answer? {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    self.finish(nil)
                } catch {
                    // Cancelled: answered, or the caller was cancelled (the handler below gives up).
                }
            }
            let answer = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in suspend(continuation) }
            } onCancel: {
                finish(nil)
            }
            group.cancelAll()
            return answer
        }
    }

    /// Keeps `continuation` until the answer comes, or resumes it now if it already has.
    private func suspend(_ continuation: CheckedContinuation<Answer?, Never>) {
        let decided = state.withLock { state -> Answer?? in
            switch state {
            case .waiting:
                state = .waiting(continuation)
                return .none
            case .decided(let answer):
                state = .resumed
                return .some(answer)
            case .resumed:
                preconditionFailure("a resolver waiter is awaited once")
            }
        }
        if case .some(let answer) = decided { continuation.resume(returning: answer) }
    }
}
