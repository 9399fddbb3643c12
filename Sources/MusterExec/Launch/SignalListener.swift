internal import Glibc
internal import Synchronization

/// The write ends of the self-pipes that the SIGINT/SIGTERM handler and the SIGCHLD handler
/// write to.
// nonisolated(unsafe): set once in `SignalListener.installHandlers()` before any handler can run,
// and only read (in the async-signal-safe handlers) after that.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1
nonisolated(unsafe) private var childSignalPipeWriteEnd: Int32 = -1
/// The read end of the SIGCHLD self-pipe, which the `ChildReactor` watches (-1 without handlers).
// nonisolated(unsafe): set once in `SignalListener.installHandlers()`, before any run.
nonisolated(unsafe) private(set) var childSignalPipeReadEnd: Int32 = -1

/// SIGINT and SIGTERM to muster, caught by a handler that only writes the number to a pipe, and
/// read from that pipe on a thread of their own — whichever thread the kernel picked. SIGCHLD
/// goes to a pipe of its own that the `ChildReactor` reads, next to the children's pidfds.
///
/// While a run is going, its `SignalListener` turns each signal into an event of the executor's
/// loop; otherwise a signal ends muster by its default action, as if it had not been caught.
/// Children get default dispositions back when they are spawned.
package final class SignalListener: Sendable {
    private static let route = Mutex<Handler<Int32>?>(nil)

    /// Installs the handlers and starts the thread that reads them, and unblocks SIGINT and
    /// SIGTERM (a parent may have started muster with them blocked). SIGCHLD is blocked in the
    /// calling thread and in every thread made after, but for the `ChildReactor`'s
    /// (`acceptChildSignals()`), which a child's end wakes anyway: no other thread is woken by it.
    /// Call once, early in `main`, before any other thread is made (threads inherit the mask).
    package static func installHandlers() {
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in [SIGINT, SIGTERM] { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        var child = childSignal
        pthread_sigmask(SIG_BLOCK, &child, nil)
        var ends: [Int32] = [-1, -1]
        var childEnds: [Int32] = [-1, -1]
        guard pipe(&ends) == 0, pipe(&childEnds) == 0 else { return }
        for end in ends + childEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // Neither the handler nor the reactor may block on it: a full pipe already says "look".
        for end in childEnds { _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        signalPipeWriteEnd = ends[1]
        childSignalPipeWriteEnd = childEnds[1]
        childSignalPipeReadEnd = childEnds[0]
        let readEnd = ends[0]
        PosixThread.start(name: "muster.signals") {
            var number: UInt8 = 0
            while true {
                let n = read(readEnd, &number, 1)
                if n < 0 && errno == EINTR { continue }
                guard n == 1 else { return }
                if let deliver = route.withLock({ $0 }) {
                    deliver(Int32(number))
                } else {
                    signal(Int32(number), SIG_DFL)
                    raise(Int32(number))
                }
            }
        }
        for number in [SIGINT, SIGTERM, SIGCHLD] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(number == SIGCHLD ? childSignalPipeWriteEnd : signalPipeWriteEnd, &byte, 1)
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Lets SIGCHLD reach the calling thread: the `ChildReactor`'s, the one thread it is delivered
    /// to once `installHandlers()` has blocked it in the others.
    static func acceptChildSignals() {
        var child = childSignal
        pthread_sigmask(SIG_UNBLOCK, &child, nil)
    }

    /// A set of SIGCHLD alone.
    private static var childSignal: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGCHLD)
        return set
    }

    /// Routes SIGINT and SIGTERM to the executor's loop as `.signal(number)` until `stop()`.
    init(events: EventQueue) {
        Self.route.withLock { $0 = Handler { events.yield(.signal($0)) } }
    }

    /// Routes signals to `handler` instead (the last moments of a run, when the loop is over).
    func reroute(to handler: @escaping @Sendable (Int32) -> Void) {
        Self.route.withLock { $0 = Handler(handler) }
    }

    /// Stops routing; a later signal ends muster.
    func stop() {
        Self.route.withLock { $0 = nil }
    }
}
