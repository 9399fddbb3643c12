/// How `Executor` runs a plan: the options of `muster run` / `muster up`.
package struct ExecutionOptions: Sendable {
    /// At most this many non-daemon entries running at once; nil or 0 for no bound (`-j`).
    package var jobLimit: Int?
    /// Shut everything down at the first failure.
    package var failFast = false
    /// Keep daemons up after the jobs end, until a signal (`muster up`).
    package var keepDaemons = false
    /// How children's output is shown.
    package var style = OutputMultiplexer.Style()
    /// muster's own environment, inherited by every child.
    package var environment: [String: String] = [:]
    /// The job cache's folder; nil runs every job (`--no-cache`).
    package var cacheFolder: String?
    /// Jobs run whatever the cache holds (`--rerun NAME`).
    package var rerun: Set<String> = []

    /// Options with the defaults of `muster run`.
    package init() {}
}
