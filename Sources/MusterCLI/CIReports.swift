internal import Glibc
internal import MusterExec
internal import MusterManifest
internal import MusterReport

/// What a run leaves for GitHub Actions once it has ended.
enum CIReports {
    /// Prints an annotation per failed, timed-out or skipped entry, and appends the Markdown
    /// summary to `$GITHUB_STEP_SUMMARY` when it is set. A summary file that cannot be written
    /// is said on standard error and fails the run (exit 1), as a report file does.
    static func publishForGitHub(_ record: RunRecord) -> RunRecord {
        var record = record
        Terminal.standardError.write(GitHubAnnotations.render(record))
        guard let path = Terminal.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return record }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if fd >= 0 {
            defer { close(fd) }
            if Terminal(fd: fd).write(StepSummary.render(record)) { return record }
        }
        Terminal.standardError.write("muster: error: cannot append the step summary to \(path): \(SystemError.text(errno))\n")
        if record.exitCode == 0 { (record.exitCode, record.outcome) = (1, .failed) }
        return record
    }
}
