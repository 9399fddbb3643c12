package import MusterPlan

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

    /// Reads the manifest again for a reload (`muster reload`, a change to its files) and for
    /// `muster scale` (entry → instance count, overriding `replicas:`); nil in `run`.
    package var reload: (@Sendable (_ replicas: [String: Int]) -> ReloadedPlan)?
    /// The manifest's files (and env files) a running `up` watches to reload by itself.
    package var reloadFiles: [String] = []

    /// Options with the defaults of `muster run`.
    package init() {}
}

/// A manifest read again: its plan, or why it cannot be run.
package enum ReloadedPlan: Sendable {
    /// The new plan, selected as the run's was, and its files (to watch).
    case plan(Plan, files: [String])
    /// The diagnostics of an invalid manifest, rendered for people.
    case invalid(String)
}
