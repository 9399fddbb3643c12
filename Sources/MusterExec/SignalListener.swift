internal import Dispatch
internal import Glibc

/// Turns SIGINT and SIGTERM to muster into events for the executor's loop, while it runs.
///
/// The signals' default action is replaced (children get default dispositions back at spawn),
/// and restored by `stop()`.
final class SignalListener: @unchecked Sendable {
    // @unchecked: `sources` is written only in init and read in stop(), both on the executor's task.
    private var sources: [any DispatchSourceSignal] = []
    private static let handled = [SIGINT, SIGTERM]

    /// Starts listening; each signal becomes `.signal(number)` on `events`.
    init(events: AsyncStream<ExecutorEvent>.Continuation) {
        for number in Self.handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { events.yield(.signal(number)) }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops listening and restores the default actions.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.handled { signal(number, SIG_DFL) }
    }
}
