internal import ArgumentParser
internal import MusterExec

/// Which CI system muster's output is for (`--ci`).
enum CIMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// GitHub Actions: `::group::` blocks, `::error` annotations, `$GITHUB_STEP_SUMMARY`.
    case github
    /// GitLab CI: collapsible `section_start`/`section_end` blocks.
    case gitlab
    /// A terminal or another CI: no markers.
    case none

    /// The mode `environment` says muster runs in: `GITHUB_ACTIONS=true` or `GITLAB_CI=true`.
    static func detected(in environment: [String: String]) -> CIMode {
        if environment["GITHUB_ACTIONS"] == "true" { return .github }
        if environment["GITLAB_CI"] == "true" { return .gitlab }
        return .none
    }
}

/// How children's lines are shown (`--output`).
enum OutputMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Each job's lines as one block when it ends; daemons' lines as they come.
    case grouped
    /// Every line as it comes, `NAME | line`.
    case interleaved
}

/// `--ci` and `--output` of `run` and `up`.
struct CIOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Format output for a CI: github, gitlab or none (default: github when GITHUB_ACTIONS=true, gitlab when GITLAB_CI=true, else none).",
            valueName: "ci"))
    var ci: CIMode?

    @Option(
        help: ArgumentHelp(
            "grouped: each job's lines as one block when it ends, daemons' as they come (the default in a CI); interleaved: every line as it comes (the default otherwise).",
            valueName: "mode"))
    var output: OutputMode?

    /// The CI mode in effect.
    var mode: CIMode { ci ?? CIMode.detected(in: Terminal.environment) }

    /// How jobs' blocks are framed, or nil when lines are interleaved.
    var grouping: OutputFraming? {
        let mode = self.mode
        guard (output ?? (mode == .none ? .interleaved : .grouped)) == .grouped else { return nil }
        switch mode {
        case .github: return .github
        case .gitlab: return .gitlab
        case .none: return .plain
        }
    }
}
