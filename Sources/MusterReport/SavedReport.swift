internal import FoundationEssentials
internal import Glibc
package import MusterExec
internal import MusterManifest

/// A JSON report written by `--json`, read back as the run's record, so that
/// `muster report REPORT.json` draws the timeline and the summary of a run that is over.
package enum SavedReport {
    /// Why a report could not be read.
    package struct Problem: Error, Sendable {
        /// What is wrong, for people.
        package var message: String
    }

    /// The record in the report `bytes`.
    ///
    /// - Throws: `Problem` when the text is not a JSON report of this version.
    package static func record(from bytes: [UInt8]) throws(Problem) -> RunRecord {
        let saved: Run
        do {
            saved = try JSONDecoder().decode(Run.self, from: Data(bytes))
        } catch {
            throw Problem(message: "not a muster JSON report: \(error)")
        }
        guard saved.version == 1 else { throw Problem(message: "report version \(saved.version) is not 1") }
        return RunRecord(
            manifestPath: saved.manifest, name: saved.name, outcome: RunOutcome(rawValue: saved.outcome) ?? .failed,
            exitCode: saved.exit_code, startedAt: try time(saved.started_at), finishedAt: try time(saved.finished_at),
            authkeyFingerprint: saved.authkey_fingerprint, entries: try saved.processes.map(entry))
    }

    private static func entry(_ saved: Entry) throws(Problem) -> EntryRecord {
        let location = SourceLocation(file: "", line: 1, column: 1)
        let command: Command = saved.command.argv.map { .argv($0) } ?? .shell(saved.command.script ?? "")
        let dependencies = try saved.depends_on.sorted { $0.key < $1.key }.map { name, condition throws(Problem) in
            guard let condition = DependencyCondition(rawValue: condition) else {
                throw Problem(message: "unknown dependency condition '\(condition)'")
            }
            return Dependency(name: name, condition: condition, location: location)
        }
        var record = EntryRecord(
            ProcessSpec(
                name: saved.name, nameLocation: location, daemon: saved.daemon, command: command,
                dependencies: dependencies, workingDirectory: "/"))
        guard let status = EntryStatus(rawValue: saved.status) else { throw Problem(message: "unknown status '\(saved.status)'") }
        record.status = status
        record.pid = saved.pid
        record.exitcode = saved.exitcode
        record.reason = saved.reason
        record.ready = saved.ready
        record.restarts = saved.restarts
        record.attempts = saved.attempts ?? (saved.started_at == nil ? 0 : 1 + saved.restarts)
        record.cached = saved.cached ?? false
        record.readyAt = try saved.ready_at.map(time)
        record.startedAt = try saved.started_at.map(time)
        record.finishedAt = try saved.finished_at.map(time)
        record.instances = try (saved.instances ?? []).map { instance throws(Problem) in
            EntryInstance(
                startedAt: try time(instance.started_at), readyAt: try instance.ready_at.map(time),
                finishedAt: try time(instance.finished_at), exitcode: instance.exitcode, ending: instance.ending,
                lastLines: [])
        }
        return record
    }

    /// `2026-11-24T10:00:00.250Z` as a wall time.
    static func time(_ text: String) throws(Problem) -> WallTime {
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= digits.count else { return nil }
            var value = 0
            for byte in digits[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard digits.count == 24, digits[23] == UInt8(ascii: "Z"), let year = number(0..<4), let month = number(5..<7),
            let day = number(8..<10), let hour = number(11..<13), let minute = number(14..<16),
            let second = number(17..<19), let millis = number(20..<23)
        else { throw Problem(message: "'\(text)' is not a time like 2026-11-24T10:00:00.250Z") }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return WallTime(seconds: Double(timegm(&parts)) + Double(millis) / 1000)
    }

    // The report's fields, spelled as in the file.
    private struct Run: Decodable {
        var version: Int
        var manifest: String
        var name: String
        var outcome: String
        var exit_code: Int32
        var started_at: String
        var finished_at: String
        var authkey_fingerprint: String
        var processes: [Entry]
    }

    private struct Entry: Decodable {
        var name: String
        var daemon: Bool
        var pid: Int32?
        var exitcode: Int32?
        var status: String
        var reason: String?
        var ready: Bool
        var restarts: Int
        var attempts: Int?
        var cached: Bool?
        var ready_at: String?
        var started_at: String?
        var finished_at: String?
        var command: SavedCommand
        var depends_on: [String: String]
        var instances: [Instance]?
    }

    private struct Instance: Decodable {
        var started_at: String
        var ready_at: String?
        var finished_at: String
        var exitcode: Int32?
        var ending: String
    }

    /// A command as written: a string or a list of strings.
    private struct SavedCommand: Decodable {
        var script: String?
        var argv: [String]?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let script = try? container.decode(String.self) {
                self.script = script
            } else {
                argv = try container.decode([String].self)
            }
        }
    }
}
