package import MusterExec
internal import MusterManifest

/// The JUnit XML report (`--junit PATH`) that Jenkins, GitLab and GitHub test reporters read: one
/// `<testcase>` per job, failures with the exit code and the last 50 lines of output, skipped
/// entries as `<skipped/>`; daemons as properties of the suite. A job that `retries` shows its
/// failed attempts as Maven Surefire does: `<flakyFailure>` when a later attempt passed,
/// `<rerunFailure>` when none did.
package enum JUnitReport {
    /// Lines of output kept in a failure.
    package static let outputLines = 50

    /// The XML document for `run`.
    package static func render(_ run: RunRecord) -> String {
        let jobs = run.entries.filter { !$0.daemon }
        let failures = jobs.filter { $0.status == .failed || $0.status == .timedOut || $0.status == .interrupted }.count
        let skipped = jobs.filter { $0.status == .skipped }.count
        let total = run.finishedAt.seconds - run.startedAt.seconds
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\(quote(run.name)) tests=\"\(jobs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(total))\">\n"
        xml += "  <testsuite name=\(quote(run.name)) tests=\"\(jobs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(total))\" timestamp=\(quote(run.startedAt.rfc3339))>\n"
        let daemons = run.entries.filter(\.daemon)
        if !daemons.isEmpty {
            xml += "    <properties>\n"
            for daemon in daemons {
                let value = "status=\(daemon.status.rawValue) exitcode=\(daemon.exitcode.map(String.init) ?? "null") pid=\(daemon.pid.map(String.init) ?? "null")"
                xml += "      <property name=\(quote("daemon." + daemon.name)) value=\(quote(value))/>\n"
            }
            xml += "    </properties>\n"
        }
        for job in jobs {
            xml += "    <testcase classname=\(quote(run.name)) name=\(quote(job.name)) time=\"\(seconds(job.duration ?? 0))\">"
            switch job.status {
            case .succeeded where job.failedAttempts.isEmpty:
                xml += "</testcase>\n"
                continue
            case .succeeded:
                xml += "\n" + attempts(job, element: "flakyFailure")
            case .cached:
                xml += "\n      <properties><property name=\"muster.cached\" value=\"true\"/></properties>\n"
                xml += "      <system-out>cached: not run, as its inputs, command, env and dependencies match its last successful run</system-out>\n"
            case .skipped:
                xml += "\n      <skipped message=\(quote(job.reason ?? "skipped"))/>\n"
            default:
                let code = job.exitcode.map { "exit code \($0)" } ?? "no exit code"
                // "exited 1" says again what the exit code says.
                let reason = job.reason.flatMap { $0 == "exited \(job.exitcode ?? 0)" ? nil : $0 }
                let message = "\(job.status.rawValue) (\(code))" + (reason.map { ": \($0)" } ?? "")
                let output = job.lastLines.suffix(outputLines).joined(separator: "\n")
                xml += "\n      <failure message=\(quote(message)) type=\(quote(job.status.rawValue))>\(escape(output))</failure>\n"
                xml += attempts(job, element: "rerunFailure")
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// One `element` (`flakyFailure`, `rerunFailure`) per failed attempt of `job`, with its
    /// ending and its last lines.
    private static func attempts(_ job: EntryRecord, element: String) -> String {
        var xml = ""
        for (number, attempt) in job.failedAttempts.enumerated() {
            let message = "attempt \(number + 1) \(attempt.ending) after \(seconds(attempt.finishedAt.seconds - attempt.startedAt.seconds))s"
            let output = attempt.lastLines.suffix(outputLines).joined(separator: "\n")
            xml += "      <\(element) message=\(quote(message)) type=\"failed\"><system-out>\(escape(output))</system-out></\(element)>\n"
        }
        return xml
    }

    private static func seconds(_ value: Double) -> String { String((max(0, value) * 1000).rounded() / 1000) }

    private static func quote(_ text: String) -> String { "\"" + escape(text) + "\"" }

    /// XML text escaping; characters XML 1.0 forbids (most controls) become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
