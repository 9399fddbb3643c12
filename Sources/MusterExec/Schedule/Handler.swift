/// A callback in a class box, for keeping in a `Mutex` and reading out under its lock.
///
/// A bare optional closure in a `Mutex`, read out with `withLock { $0 }` and called, leaks a
/// reabstraction thunk per read on Swift 6.3 and grows a chain of them that each call walks: after a
/// few hundred thousand reads (one per SIGCHLD in a long `up`) a call overflows the stack. A class
/// reference is read out with a retain and nothing else.
package final class Handler<Value>: Sendable {
    private let body: @Sendable (Value) -> Void

    /// A handler that calls `body`.
    package init(_ body: @escaping @Sendable (Value) -> Void) {
        self.body = body
    }

    /// Calls the handler with `value`.
    package func callAsFunction(_ value: Value) {
        body(value)
    }
}
