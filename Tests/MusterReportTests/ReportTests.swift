import Foundation
import FoundationXML
import MusterExec
import MusterManifest
import MusterReport
import MusterTestSupport
import Testing

/// Rendering a run's record: the summary table, the JSON report and the JUnit XML.
struct ReportTests {
    private func record() -> RunRecord {
        let at = MusterManifest.SourceLocation(file: "m.yaml", line: 1, column: 1)
        var db = EntryRecord(
            ProcessSpec(name: "db", nameLocation: at, daemon: true, command: .argv(["postgres"]), workingDirectory: "/"))
        db.pid = 4242
        db.exitcode = -15
        db.status = .terminated
        db.ready = true
        db.sentinel = 7
        db.startedAt = WallTime(seconds: 1_764_064_800)
        db.finishedAt = WallTime(seconds: 1_764_064_802.5)
        var test = EntryRecord(
            ProcessSpec(
                name: "test", nameLocation: at, command: .shell("swift test"),
                dependencies: [Dependency(name: "db", condition: .ready, location: at)], workingDirectory: "/"))
        test.pid = 4243
        test.exitcode = 1
        test.status = .failed
        test.reason = "exited 1"
        test.startedAt = WallTime(seconds: 1_764_064_800.25)
        test.finishedAt = WallTime(seconds: 1_764_064_801)
        test.lastLines = ["compiling", "error: <oops> & \u{1}"]
        var skipped = EntryRecord(ProcessSpec(name: "deploy", nameLocation: at, command: .shell("deploy"), workingDirectory: "/"))
        skipped.status = .skipped
        skipped.reason = "dependency test failed"
        return RunRecord(
            manifestPath: "m.yaml", name: "shop", outcome: .failed, exitCode: 1,
            startedAt: WallTime(seconds: 1_764_064_800), finishedAt: WallTime(seconds: 1_764_064_802.5),
            authkeyFingerprint: "sha256:0123456789abcdef", entries: [db, test, skipped])
    }

    @Test func timestampsAreRFC3339UTCWithMilliseconds() {
        #expect(WallTime(seconds: 1_764_064_800.0125).rfc3339 == "2025-11-25T10:00:00.013Z")
        #expect(WallTime(seconds: 1_764_064_800.9999).rfc3339 == "2025-11-25T10:00:01.000Z")
    }

    @Test func summaryTableShowsTheSeedAttributes() {
        let table = SummaryTable.render(record(), colored: false)
        #expect(
            table == """
                NAME    DAEMON  PID   EXITCODE  STATUS      RESTARTS  DURATION  REASON
                db      yes     4242  -15       terminated  0         2.5s
                test    no      4243  1         failed      0         0.75s     exited 1
                deploy  no      -     -         skipped     0         -         dependency test failed
                critical path: test (0.8 s of 2.5 s)
                shop: failed in 2.5s, exit status 1

                """)
    }

    @Test func jsonReportHasSpecFieldsAndValidatesAgainstTheSchema() throws {
        let text = JSONReport.render(record())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["outcome"] as? String == "failed")
        #expect(json["started_at"] as? String == "2025-11-25T10:00:00.000Z")
        let processes = try #require(json["processes"] as? [[String: Any]])
        #expect(processes.map { $0["name"] as? String } == ["db", "test", "deploy"])
        #expect(processes[0]["exitcode"] as? Int == -15)
        #expect(processes[1]["depends_on"] as? [String: String] == ["db": "ready"])
        #expect(processes[1]["command"] as? String == "swift test")
        #expect(processes[0]["command"] as? [String] == ["postgres"])
        #expect(processes[2]["pid"] is NSNull)
        #expect(processes[2]["reason"] as? String == "dependency test failed")

        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.write("report.json", text)
        let validator = Process()
        validator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validator.arguments = ["python3", "Tests/Fixtures/validate_with_schema.py", "schemas/report.schema.json", file]
        validator.currentDirectoryURL = URL(fileURLWithPath: MusterBinary.packageRoot)
        try validator.run()
        validator.waitUntilExit()
        #expect(validator.terminationStatus == 0)
    }

    @Test func junitHasATestcasePerJobWithFailuresAndSkips() throws {
        let xml = JUnitReport.render(record())
        let document = try XMLDocument(data: Data(xml.utf8))
        let cases = try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == ["test", "deploy"])
        let failure = try #require(cases[0].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "failed (exit code 1)")
        #expect(failure.stringValue == "compiling\nerror: <oops> & \u{FFFD}")
        #expect(cases[1].elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue == "dependency test failed")
        let properties = try document.nodes(forXPath: "//property").compactMap { $0 as? XMLElement }
        #expect(properties.first?.attribute(forName: "name")?.stringValue == "daemon.db")
    }
}
