internal import Glibc
internal import MusterControl
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
        guard let saved = JSONValue(parsing: bytes) else { throw Problem(message: "not a muster JSON report: not JSON") }
        let fields = Fields(saved, what: "the report")
        let version = try fields.int("version")
        guard version == 1 else { throw Problem(message: "report version \(version) is not 1") }
        return RunRecord(
            manifestPath: try fields.string("manifest"), name: try fields.string("name"),
            outcome: RunOutcome(rawValue: try fields.string("outcome")) ?? .failed,
            exitCode: try fields.int32("exit_code"), startedAt: try time(try fields.string("started_at")),
            finishedAt: try time(try fields.string("finished_at")),
            authkeyFingerprint: try fields.string("authkey_fingerprint"),
            entries: try fields.array("processes").map { process throws(Problem) in try entry(Fields(process, what: "a process")) })
    }

    private static func entry(_ saved: Fields) throws(Problem) -> EntryRecord {
        let location = SourceLocation(file: "", line: 1, column: 1)
        let written = saved.value["command"]
        guard let command = written?.stringValue.map(Command.shell) ?? written?.stringsValue.map(Command.argv) else {
            throw saved.problem("'command' is not a string or a list of strings")
        }
        guard let conditions = saved.value["depends_on"]?.objectValue else { throw saved.problem("no 'depends_on' object") }
        let dependencies = try conditions.sorted { $0.0 < $1.0 }.map { name, condition throws(Problem) in
            guard let condition = condition.stringValue.flatMap(DependencyCondition.init(rawValue:)) else {
                throw Problem(message: "unknown dependency condition '\(condition.text())'")
            }
            return Dependency(name: name, condition: condition, location: location)
        }
        var record = EntryRecord(
            ProcessSpec(
                name: try saved.string("name"), nameLocation: location, daemon: try saved.bool("daemon"), command: command,
                dependencies: dependencies, workingDirectory: "/"))
        let status = try saved.string("status")
        guard let entryStatus = EntryStatus(rawValue: status) else { throw Problem(message: "unknown status '\(status)'") }
        let startedAt = try saved.optionalString("started_at")
        record.status = entryStatus
        record.pid = saved.value["pid"]?.int32Value
        record.exitcode = saved.value["exitcode"]?.int32Value
        record.reason = saved.value["reason"]?.stringValue
        record.ready = try saved.bool("ready")
        record.restarts = try saved.int("restarts")
        record.attempts = saved.value["attempts"]?.intValue ?? (startedAt == nil ? 0 : 1 + record.restarts)
        record.cached = saved.value["cached"]?.boolValue ?? false
        record.readyAt = try saved.optionalString("ready_at").map(time)
        record.startedAt = try startedAt.map(time)
        record.finishedAt = try saved.optionalString("finished_at").map(time)
        record.instances = try (saved.value["instances"]?.arrayValue ?? []).map { instance throws(Problem) in
            let fields = Fields(instance, what: "an instance")
            return EntryInstance(
                startedAt: try time(try fields.string("started_at")), readyAt: try fields.optionalString("ready_at").map(time),
                finishedAt: try time(try fields.string("finished_at")), exitcode: instance["exitcode"]?.int32Value,
                ending: try fields.string("ending"), lastLines: [])
        }
        return record
    }

    /// The fields of one object of the report, each read as the type it must have.
    private struct Fields {
        /// The object.
        var value: JSONValue
        /// What it is, for messages ("a process").
        var what: String

        init(_ value: JSONValue, what: String) {
            self.value = value
            self.what = what
        }

        func problem(_ text: String) -> Problem { Problem(message: "not a muster JSON report: \(what): \(text)") }

        func string(_ key: String) throws(Problem) -> String {
            guard let text = value[key]?.stringValue else { throw problem("no '\(key)' string") }
            return text
        }

        /// A string or null (nil when missing too).
        func optionalString(_ key: String) throws(Problem) -> String? {
            guard let field = value[key], field != .null else { return nil }
            guard let text = field.stringValue else { throw problem("'\(key)' is not a string or null") }
            return text
        }

        func int(_ key: String) throws(Problem) -> Int {
            guard let number = value[key]?.intValue else { throw problem("no '\(key)' whole number") }
            return number
        }

        func int32(_ key: String) throws(Problem) -> Int32 {
            guard let number = value[key]?.int32Value else { throw problem("no '\(key)' whole number") }
            return number
        }

        func bool(_ key: String) throws(Problem) -> Bool {
            guard let flag = value[key]?.boolValue else { throw problem("no '\(key)' true or false") }
            return flag
        }

        func array(_ key: String) throws(Problem) -> [JSONValue] {
            guard let items = value[key]?.arrayValue else { throw problem("no '\(key)' list") }
            return items
        }
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
}
