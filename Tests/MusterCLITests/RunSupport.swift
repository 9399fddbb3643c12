import Foundation
import Glibc
import MusterTestSupport
import Testing

extension Tag {
    /// Tests that start real processes through the built `muster` binary.
    @Tag static var integration: Self
}

/// A failure of the test's own machinery (a missing report, an unparsable file), with details.
struct RunTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - The JSON report

/// A parsed `--json` report.
struct Report {
    /// The whole document.
    let json: [String: Any]

    /// Parses report text.
    init(text: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw RunTestError("the report is not a JSON object:\n\(text)")
        }
        json = object
    }

    /// Reads and parses the report file at `path`.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunTestError("no report was written at \(path)")
        }
        try self.init(text: String(decoding: data, as: UTF8.self))
    }

    var outcome: String? { json["outcome"] as? String }
    var exitCode: Int? { json["exit_code"] as? Int }
    var processes: [[String: Any]] { json["processes"] as? [[String: Any]] ?? [] }
    /// The entries' names in report order.
    var names: [String] { processes.compactMap { $0["name"] as? String } }

    /// The entry called `name`.
    subscript(_ name: String) -> [String: Any]? {
        processes.first { $0["name"] as? String == name }
    }

    func status(_ name: String) -> String? { self[name]?["status"] as? String }
    func reason(_ name: String) -> String? { self[name]?["reason"] as? String }
    /// The exit code, nil when null or absent.
    func exitcode(_ name: String) -> Int? { self[name]?["exitcode"] as? Int }
    /// The pid, nil when null or absent.
    func pid(_ name: String) -> Int32? { (self[name]?["pid"] as? Int).map(Int32.init) }
    /// Whether the field is present and JSON null.
    func isNull(_ name: String, _ field: String) -> Bool { self[name]?[field] is NSNull }
}

// MARK: - Running muster to its end

/// What one `muster run` printed, how it exited, and its report.
struct RunResult {
    var outcome: MusterBinary.Outcome
    var report: Report
    var status: Int32 { outcome.status }
    var stdout: String { outcome.standardOutput }
    var stderr: String { outcome.standardError }
}

/// Writes `manifest` as `m.yaml` in `folder` and runs `muster run -f m.yaml --json report.json
/// ARGS…` there; returns what it printed and the parsed report.
func runManifest(_ manifest: String, _ arguments: [String] = [], in folder: TemporaryDirectory) throws -> RunResult {
    folder.write("m.yaml", manifest)
    let reportPath = folder.path + "/report.json"
    unlink(reportPath)
    let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "--json", "report.json"] + arguments, in: folder.path)
    do {
        return RunResult(outcome: outcome, report: try Report(path: reportPath))
    } catch {
        throw RunTestError("\(error)\nexit status \(outcome.status)\nstderr:\n\(outcome.standardError)")
    }
}

/// The lines of a file in `folder` (empty when it does not exist).
func lines(of name: String, in folder: TemporaryDirectory) -> [String] {
    guard let data = FileManager.default.contents(atPath: folder.path + "/" + name) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

/// Whether `name` exists in `folder`.
func exists(_ name: String, in folder: TemporaryDirectory) -> Bool {
    FileManager.default.fileExists(atPath: folder.path + "/" + name)
}

/// Makes a FIFO called `name` in `folder`.
func makeFIFO(_ name: String, in folder: TemporaryDirectory) throws {
    guard mkfifo(folder.path + "/" + name, 0o600) == 0 else {
        throw RunTestError("mkfifo \(name): \(String(cString: strerror(errno)))")
    }
}

// MARK: - Processes

/// Whether process `pid` still exists and has not ended. A zombie (ended, waiting to be reaped by
/// whoever inherited it) counts as gone.
func processIsAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    guard kill(pid, 0) == 0 || errno == EPERM else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")"),
        let state = stat[stat.index(after: close)...].first(where: { $0 != " " })
    else { return false }
    return state != "Z"
}

/// The pid written (as text) in file `name` of `folder`.
func pidFile(_ name: String, in folder: TemporaryDirectory) -> Int32? {
    lines(of: name, in: folder).first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
}

/// Runs `python3 -c SCRIPT ARGS…` in the package root; returns its exit status and output.
func python(_ script: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
    try runTool(["python3", "-c", script] + arguments)
}

/// Runs `python3 Tests/Fixtures/validate_with_schema.py schemas/report.schema.json FILE`.
func validateReport(_ file: String) throws -> (status: Int32, output: String) {
    try validate(with: "schemas/report.schema.json", [file])
}

/// Validates `files` against `schema` with Python's jsonschema (Tests/Fixtures/validate_with_schema.py).
func validate(with schema: String, _ files: [String]) throws -> (status: Int32, output: String) {
    try runTool(["python3", "Tests/Fixtures/validate_with_schema.py", schema] + files)
}

/// Runs a tool from the package root; its output and how it exited.
private func runTool(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: MusterBinary.packageRoot)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

// MARK: - A muster the test talks to while it runs

