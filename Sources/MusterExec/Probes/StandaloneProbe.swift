package import MusterManifest

/// One entry's readiness probe run outside a run, against whatever is running now: what
/// `muster probe NAME` does, and what a systemd unit exported by muster waits with.
package enum StandaloneProbe {
    /// What the probe came to.
    package enum Verdict: Sendable, Equatable {
        /// An attempt passed.
        case ready
        /// None passed within the probe's timeout; why, as a run says it ("not ready after 30s (…)").
        case notReady(String)
    }

    /// Runs `spec`'s probe as a run would: after its `initial_delay`, every `interval`, until an
    /// attempt passes or its `timeout` is over. An `exec:` probe gets `environment` (muster's own)
    /// with the entry's variables and `MUSTER_NAME` over it, in the entry's working directory.
    ///
    /// A `log:` probe reads the entry's output, which only the run that started it sees: it comes
    /// back not ready at once, as does an entry without a probe. Never throws; the verdict is the
    /// result.
    package static func run(_ spec: ProcessSpec, environment: [String: String]) async -> Verdict {
        guard let probe = spec.ready else { return .notReady("'\(spec.name)' has no ready probe") }
        if case .log = probe.check {
            return .notReady("a log: probe reads the entry's output, which only the run that started it sees")
        }
        var own = spec.environment
        own["MUSTER_NAME"] = spec.name
        let launch = Launch(index: 0, spec: spec, shared: SharedEnvironment(environment), own: own)
        switch await ProbeRunner.probeUntilDecided(probe, for: launch) {
        case .ready?: return .ready
        case .notReady(_, let reason)?: return .notReady(reason)
        default: return .notReady("the probe was stopped")
        }
    }
}
