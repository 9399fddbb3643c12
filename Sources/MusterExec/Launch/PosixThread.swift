internal import CMusterLinux
internal import Glibc

/// A detached POSIX thread for muster's few long-lived loops (the child reactor, the signal
/// reader, output writers, control connections), without Foundation's `Thread`.
enum PosixThread {
    /// The closure a new thread runs, boxed to cross `pthread_create`'s C boundary.
    private final class Body {
        let name: String
        let run: () -> Void

        init(name: String, run: @escaping () -> Void) {
            self.name = name
            self.run = run
        }
    }

    /// Starts `body` on a new detached thread named `name` (at most 15 bytes show in /proc).
    ///
    /// Thread creation failing (out of memory or of the process's thread limit) is fatal: muster
    /// cannot run a child without these loops.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(name: name, run: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
                muster_name_thread(body.name)
                body.run()
                return nil
            }, box)
        precondition(result == 0, "cannot start the thread \(name): \(String(cString: strerror(result)))")
        pthread_detach(thread)
    }
}
