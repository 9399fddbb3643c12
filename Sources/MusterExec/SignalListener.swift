internal import Foundation
internal import Glibc
internal import Synchronization

/// The write end of the self-pipe that SIGINT/SIGTERM handlers write the signal number to.
// nonisolated(unsafe): set once in `SignalListener.installHandlers()` before any handler can run,
// and only read (in the async-signal-safe handler) after that.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// SIGINT and SIGTERM to muster (and SIGCHLD), caught by a handler that only writes the number to a pipe, and
/// read from that pipe on a thread of their own — whichever thread the kernel picked.
///
/// While a run is going, its `SignalListener` turns each signal into an event of the executor's
/// loop; otherwise a signal ends muster by its default action, as if it had not been caught.
/// Children get default dispositions back when they are spawned.
package final class SignalListener: Sendable {
    private static let handled = [SIGINT, SIGTERM, SIGCHLD]
    private static let route = Mutex<(@Sendable (Int32) -> Void)?>(nil)

    /// Installs the handlers and starts the thread that reads them. Call once, early in `main`.
    package static func installHandlers() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let thread = Thread {
            var numbers = [UInt8](repeating: 0, count: 64)
            while true {
                let n = read(readEnd, &numbers, numbers.count)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                // Children end in bursts: one SIGCHLD stands for all of a read.
                var seen = Set<UInt8>()
                for number in numbers[0..<n] where seen.insert(number).inserted || number != UInt8(SIGCHLD) {
                    if let deliver = route.withLock({ $0 }) {
                        deliver(Int32(number))
                    } else if Int32(number) != SIGCHLD {
                        signal(Int32(number), SIG_DFL)
                        raise(Int32(number))
                    }
                }
            }
        }
        thread.name = "muster.signals"
        thread.start()
        for number in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Routes each signal to the executor's loop until `stop()`: SIGINT and SIGTERM as
    /// `.signal(number)`, SIGCHLD (an orphan muster adopted has ended) as `.orphanExited`.
    init(events: AsyncStream<ExecutorEvent>.Continuation) {
        Self.route.withLock { $0 = { events.yield($0 == SIGCHLD ? .orphanExited : .signal($0)) } }
    }

    /// Routes signals to `handler` instead (the last moments of a run, when the loop is over).
    func reroute(to handler: @escaping @Sendable (Int32) -> Void) {
        Self.route.withLock { $0 = handler }
    }

    /// Stops routing; a later signal ends muster.
    func stop() {
        Self.route.withLock { $0 = nil }
    }
}
