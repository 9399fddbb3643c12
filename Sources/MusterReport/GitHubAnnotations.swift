package import MusterExec
package import MusterManifest

/// GitHub Actions workflow commands that show as annotations: manifest diagnostics on their file
/// and line, and a run's failed, timed-out and skipped entries on the job.
///
/// ```
/// ::error file=muster.yaml,line=12,col=7::process 'api' depends on undefined process 'db'
/// ::error title=test failed::exited 1 after 3.2s (last line: 2 tests failed)
/// ```
package enum GitHubAnnotations {
    /// One command per diagnostic (errors and warnings; notes go with their diagnostic).
    package static func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics where diagnostic.severity != .note {
            let location = diagnostic.location
            let properties = "file=\(property(location.file)),line=\(location.line),col=\(location.column)"
            let notes = diagnostic.notes.map { "\n" + $0.message }.joined()
            out += "::\(diagnostic.severity.rawValue) \(properties)::\(data(diagnostic.message + notes))\n"
        }
        return out
    }

    /// One `::error` per entry that failed, timed out or was skipped, titled `NAME failed`
    /// (`timed out`, `skipped`), saying how it ended and its last line of output.
    package static func render(_ run: RunRecord) -> String {
        var out = ""
        for entry in run.entries where entry.status.isFailure {
            let word = entry.status == .timedOut ? "timed out" : entry.status.rawValue
            var message: String
            if entry.status == .skipped {
                message = entry.reason ?? "skipped"
            } else {
                let how = entry.status == .timedOut ? (entry.reason ?? "timed out") : entry.exitcode.map { "exit \($0)" } ?? (entry.reason ?? "failed")
                message = how + (entry.duration.map { " after \(SummaryTable.format($0))" } ?? "")
                if entry.attempts > 1 { message += " (attempt \(entry.attempts))" }
                if let last = entry.lastLines.last(where: { !$0.isEmpty }) { message += " (last line: \(last))" }
            }
            out += "::error title=\(property("\(entry.name) \(word)"))::\(data(message))\n"
        }
        return out
    }

    /// A command's message, escaped as the runner reads it.
    static func data(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.append(character)
            }
        }
        return out
    }

    /// A command's property value (`file=`, `title=`), escaped as the runner reads it.
    static func property(_ text: String) -> String {
        var out = ""
        for character in data(text) {
            switch character {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.append(character)
            }
        }
        return out
    }
}
