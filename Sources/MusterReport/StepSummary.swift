package import MusterExec
internal import MusterManifest

/// The Markdown a GitHub Actions job summary shows (appended to `$GITHUB_STEP_SUMMARY`): a
/// heading with the outcome, a table of entries, and the critical path.
package enum StepSummary {
    /// The summary of `run`, ending with a newline.
    package static func render(_ run: RunRecord) -> String {
        let total = run.finishedAt.seconds - run.startedAt.seconds
        let mark = run.exitCode == 0 ? "✅" : "❌"
        var out = "### \(mark) muster: \(cell(run.name)) \(run.outcome.rawValue) in \(SummaryTable.format(total)) (exit status \(run.exitCode))\n\n"
        out += "| Entry | Kind | Status | Duration | Attempts | Note |\n"
        out += "| --- | --- | --- | --- | ---: | --- |\n"
        for entry in run.entries {
            let flaky = entry.status == .succeeded && !entry.failedAttempts.isEmpty
            let note = flaky ? "flaky: passed on attempt \(entry.attempts)" : entry.reason ?? ""
            out += "| \(cell(entry.name)) | \(entry.daemon ? "daemon" : "job") | \(icon(entry.status)) \(entry.status.rawValue)"
            out += " | \(entry.duration.map(SummaryTable.format) ?? "–") | \(entry.attempts) | \(cell(note)) |\n"
        }
        if let path = CriticalPath.of(run) {
            out += "\n**Critical path:** \(cell(path.names.joined(separator: " → "))) (\(path.times))\n"
        }
        return out + "\n"
    }

    private static func icon(_ status: EntryStatus) -> String {
        switch status {
        case .succeeded, .terminated, .cached: return "✅"
        case .failed, .timedOut: return "❌"
        case .skipped, .interrupted: return "⚠️"
        case .pending, .running, .restarting: return "⏳"
        }
    }

    /// Text safe in a table cell: no pipes or line breaks, Markdown characters escaped.
    private static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "*", "_", "`", "[", "]", "<", ">", "\\": out += "\\" + String(character)
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
