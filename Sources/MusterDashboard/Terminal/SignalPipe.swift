internal import Glibc

// nonisolated(unsafe): set once by `SignalPipe.init` before the handlers are installed, then
// only read by them.
nonisolated(unsafe) private var signalWriteEnd: Int32 = -1

/// The signals the dashboard answers (window size, interrupt, terminate, hang-up, terminal stop,
/// continue), caught by a handler that only writes the number to a pipe, which the dashboard's
/// loop polls with the keyboard and the run's messages.
package final class SignalPipe {
    /// The signals caught.
    package static let numbers: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT]

    /// The end to poll and read.
    package let readEnd: Int32

    /// Makes the pipe and installs the handlers.
    package init() {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        for end in ends { _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        readEnd = ends[0]
        signalWriteEnd = ends[1]
        for number in Self.numbers { Self.catchSignal(number) }
    }

    private static func catchSignal(_ number: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            let saved = errno
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(signalWriteEnd, &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(number, &action, nil)
    }

    /// The signals caught since the last call.
    package func take() -> [Int32] {
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        return n > 0 ? bytes[0..<n].map { Int32($0) } : []
    }
}
