package import MusterControl

/// Something that happened during a run, delivered to the executor's single event loop.
package enum ExecutorEvent: Sendable {
    /// The entry's readiness probe passed.
    case ready(Int)
    /// The entry's probe gave up; the message says why ("not ready after 60s (…)").
    case notReady(Int, String)
    /// The entry ran past its `timeout`.
    case timedOut(Int)
    /// The entry's main process ended (and was reaped), or it could not start.
    case ended(Int, Termination)
    /// The entry's restart backoff is over.
    case restartDue(Int)
    /// A control client asks something of the run; answer through the replier.
    case control(ControlRequest, ControlReplier)
    /// A child of muster other than an entry's main process ended: maybe an orphan it adopted as
    /// subreaper, to reap.
    case orphanExited
    /// A child of muster was stopped by SIGTTIN or SIGTTOU (it touched the terminal).
    case childStopped(pid: Int32, signal: Int32)
    /// muster received a signal (SIGINT, SIGTERM).
    case signal(Int32)
    /// Watched files changed (absolute paths): the manifest's, or those of entries' `watch:`.
    case filesChanged([String])
    /// The manifest's files stopped changing for a while: reload, if `generation` is the last.
    case reloadDue(generation: Int)
    /// An entry's watched files stopped changing for its debounce: run it again, if `generation`
    /// is its last.
    case watchDue(Int, generation: Int)
    /// Something worth a warning happened out of the loop (the file watcher's).
    case warning(String)
}
