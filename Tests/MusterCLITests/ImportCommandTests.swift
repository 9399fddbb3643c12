import Foundation
import MusterTestSupport
import Testing

/// `muster import` from the command line (SPEC §7.3): the imported fixtures pass `check` and the
/// schema, run, and behave as the originals describe — order, readiness, restarts, exit codes.
struct ImportCommandTests {
    static let fixtures = MusterBinary.packageRoot + "/Tests/Fixtures/import"

    /// A copy of the fixture folder `name` in a new temporary folder, and the folder.
    static func copy(_ name: String) throws -> (TemporaryDirectory, String) {
        let folder = TemporaryDirectory()
        try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: folder.path + "/" + name)
        return (folder, folder.path + "/" + name)
    }

    static func golden(_ name: String) throws -> String {
        try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
    }

    /// Imports `file` in `folder` to muster.yaml there; checks that it went as expected.
    static func importManifest(_ file: String, in folder: String) throws -> MusterBinary.Outcome {
        let outcome = try MusterBinary.run(["import", "--no-color", file], in: folder)
        try outcome.standardOutput.write(toFile: folder + "/muster.yaml", atomically: true, encoding: .utf8)
        return outcome
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theImportedProcfileRunsWithForemansPortsAndDotEnv() throws {
        let (folder, project) = try Self.copy("procfile")
        defer { folder.remove() }
        let imported = try Self.importManifest("Procfile", in: project)
        #expect(imported.status == 0)
        #expect(imported.standardError.isEmpty)
        #expect(imported.standardOutput == (try Self.golden("procfile.expected.yaml")))
        let check = try MusterBinary.run(["check"], in: project)
        #expect(check.status == 0, "\(check.standardError)")
        // A second file adds what a test needs: readiness lines, and a job to end the run.
        try "processes:\n  web: {ready: {log: web on}}\n  worker: {ready: {log: worker on}}\n  done: {command: \"true\", depends_on: [web, worker]}\n"
            .write(toFile: project + "/test.yaml", atomically: true, encoding: .utf8)
        let run = try MusterBinary.run(
            ["-f", "muster.yaml", "-f", "test.yaml", "run", "--json", "report.json"], in: project)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("web    | web on port 5000 says hello from .env\n"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("worker | worker on port 5100\n"), "\(run.standardOutput)")
        let report = try Report(path: project + "/report.json")
        #expect(report.status("web") == "terminated")
        #expect(report.status("clock") == "terminated")
        #expect(report.status("done") == "succeeded")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theImportedProcessComposeProjectRunsAsTheOriginalDescribes() throws {
        let (folder, project) = try Self.copy("process-compose")
        defer { folder.remove() }
        let imported = try Self.importManifest("process-compose.yaml", in: project)
        #expect(imported.status == 0)
        #expect(imported.standardOutput == (try Self.golden("process-compose.expected.yaml")))
        #expect(imported.standardError == (try Self.golden("process-compose.expected.stderr")))
        let port = String(try ServiceSupport.freePort())
        let environment = ["WEB_PORT": port]
        let check = try MusterBinary.run(["check"], in: project, environment: environment)
        #expect(check.status == 0, "\(check.standardError)")
        let run = try MusterBinary.run(["run", "--json", "report.json"], in: project, environment: environment)
        // `broken` exits 3, so `never` (process_completed_successfully) is skipped: exit 1.
        #expect(run.status == 1, "\(run.standardError)")
        let report = try Report(path: project + "/report.json")
        #expect(report.exitcode("broken") == 3)
        #expect(report.status("broken") == "failed")
        #expect(report.status("never") == "skipped")
        #expect(report.status("after-broken") == "succeeded")
        // availability: on_failure with max_restarts 3: two failures, then success.
        #expect(report.status("flaky") == "succeeded")
        #expect(report["flaky"]?["restarts"] as? Int == 2)
        for name in ["migrate", "seed", "report", "worker-1", "worker-2", "forker"] {
            #expect(report.status(name) == "succeeded", "\(name)")
        }
        for name in ["db", "cache", "web"] {
            #expect(report.status(name) == "terminated", "\(name)")
        }
        #expect(report.exitcode("web") == 0, "shutdown.signal 2 lets python exit cleanly")
        #expect(!report.names.contains("nightly"))
        // Order and readiness, as the events say them.
        let events = run.standardError.split(separator: "\n").map(String.init)
        func position(_ text: String) -> Int {
            events.firstIndex { $0.hasPrefix("muster: \(text)") } ?? Int.max
        }
        #expect(position("db ready") < position("web started"), "process_log_ready")
        #expect(position("cache ready") < position("web started"), "process_healthy")
        #expect(position("db ready") < position("migrate started"))
        #expect(position("web ready") < position("seed started"), "process_healthy on an http probe")
        #expect(position("migrate exited 0") < position("seed started"), "process_completed_successfully")
        #expect(position("flaky exited 0") < position("report started"))
        #expect(position("web started") < position("worker-1 started"), "process_started")
        #expect(position("report started") < Int.max)
        #expect(run.standardOutput.contains("worker-1     | worker 0 started\n"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("worker-2     | worker 1 started\n"))
        #expect(run.standardOutput.contains("migrate      | migrating to latest with from shared.env\n"))
        let log = try String(contentsOfFile: project + "/logs/db.log", encoding: .utf8)
        #expect(log.split(separator: "\n") == ["db starting", "db: ready to accept connections"])
        #expect(FileManager.default.fileExists(atPath: project + "/migrated.txt"))
    }

    @Test func anUnparsableFileIsExitTwoWithAPositionedDiagnostic() throws {
        let outcome = try MusterBinary.run(
            ["import", "--no-color", "process-compose.yaml"], in: Self.fixtures + "/broken")
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError == (try Self.golden("broken.expected.stderr")))
    }

    @Test func theFormatCanBeNamedAndTheFileReadFromStandardInput() throws {
        let procfile = try MusterBinary.run(["import", "-", "--from", "procfile"], input: "web: serve\n")
        #expect(procfile.status == 0, "\(procfile.standardError)")
        #expect(procfile.standardOutput.contains("  web:\n    command: serve\n    daemon: true\n"))
        let detected = try MusterBinary.run(["import", "-"], input: "processes:\n  web:\n    command: serve\n")
        #expect(detected.standardOutput.contains("  web:\n    command: serve\n"))
        #expect(!detected.standardOutput.contains("daemon"))
        let missing = try MusterBinary.run(["import", "nope/Procfile"])
        #expect(missing.status == 2)
        #expect(missing.standardError == "muster: error: cannot read 'nope/Procfile': no such file or directory\n")
    }

    @Test func importedManifestsAgreeWithTheSchema() throws {
        let (status, output) = try validate(
            with: "schemas/muster.schema.json",
            ["Tests/Fixtures/import/procfile.expected.yaml", "Tests/Fixtures/import/process-compose.expected.yaml"])
        #expect(status == 0, "\(output)")
    }
}
