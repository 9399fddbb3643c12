import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `ps` shows what each entry's process group costs, and `ps --json` every field of the report's
/// process objects, null where not known yet.
struct PsCostTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func psShowsCpuAndMemoryOfEachProcessGroupAndEveryReportField() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  busy: {command: "echo spinning; while :; do :; done", daemon: true, ready: {log: spinning}}
                  idle: {command: "exec sleep 30", daemon: true}
                  later: {command: "true", depends_on: {idle: completed}}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown(SIGKILL) }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: busy ready") } != nil)
        let table = try sandbox.muster(["ps", "-f", "m.yaml"])
        #expect(ControlSupport.tableRows(table.stdout).first?.suffix(2) == ["CPU", "RSS"], "\(table.stdout)")
        let ps = try sandbox.ps()
        let busy = try #require(ps["busy"])
        #expect((busy["cpu_percent"] as? Double ?? 0) > 30, "\(busy)")
        #expect((busy["rss_bytes"] as? Int ?? 0) > 100_000, "\(busy)")
        #expect((ps["idle"]?["cpu_percent"] as? Double ?? 99) < 10)
        // Unknown fields are there as null.
        #expect(ps.isNull("later", "pid"))
        #expect(ps.isNull("later", "exitcode"))
        #expect(ps.isNull("later", "started_at"))
        #expect(ps.isNull("later", "cpu_percent"))
        // Every field of a report's process object.
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest("processes:\n  a: {command: \"true\"}\n", in: folder)
        let reportFields = Set(try #require(run.report["a"]).keys)
        let psFields = Set(try #require(ps["later"]).keys)
        #expect(reportFields.subtracting(psFields).isEmpty, "missing in ps --json: \(reportFields.subtracting(psFields))")
        #expect(psFields.isSuperset(of: ["cpu_percent", "rss_bytes", "uptime_s"]))
    }
}
