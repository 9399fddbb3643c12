import Foundation
import Glibc
import MusterTestSupport
import Testing

/// The run's outcome and exit status tell the truth, as CI reads them: a stop that cuts work
/// short is `interrupted`, a daemon's status says who ended it, and `--fail-fast` says why.
struct RunOutcomeTests {
    /// Runs `long` (a job) and `next` (its dependent), sends `control` (`down`, `stop long`) while
    /// `long` runs, and returns what the client and the run said, with the run's report.
    static func controlDuringALongJob(_ control: [String]) throws -> (client: ClientResult, stderr: String, status: Int32, report: Report) {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  long: {command: "exec sleep 30"}
                  next: {command: "true", depends_on: [long]}
                """)
        defer { sandbox.remove() }
        let run = try sandbox.start(["run", "-f", "m.yaml", "--json", "report.json"])
        defer { run.shutDown(SIGKILL) }
        #expect(run.waitForLine(on: .standardError) { $0.hasPrefix("muster: long started") } != nil)
        let client = try sandbox.muster(control + ["-f", "m.yaml"])
        let result = run.finish()
        return (client, result.stderr, result.status, try Report(path: sandbox.folder.path + "/report.json"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func downDuringARunThatStopsAJobIsInterruptedAndExitsOne() throws {
        let (client, stderr, status, report) = try Self.controlDuringALongJob(["down"])
        #expect(client.status == 1, "down exits with the run's status: \(client.stderr)")
        #expect(client.stderr.hasSuffix("exit status 1\n"), "\(client.stderr)")
        let result = (status: status, stderr: stderr)
        #expect(result.status == 1, "\(result.stderr)")
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains(": interrupted in ") && last.hasSuffix("exit status 1"), "\(last)")
        #expect(report.outcome == "interrupted")
        #expect(report.exitCode == 1)
        #expect(report.status("long") == "interrupted")
        #expect(report.status("next") == "skipped")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSignalToUpWhileAJobRunsExits130() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  svc: {command: "exec sleep 30", daemon: true}
                  job: {command: "exec sleep 30"}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown(SIGKILL) }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: job started") } != nil)
        up.send(SIGINT)
        let result = up.finish()
        #expect(result.status == 130, "\(result.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.outcome == "interrupted")
        #expect(report.status("job") == "interrupted")
        #expect(report.status("svc") == "terminated")
    }

    /// The daemon ignores SIGINT and SIGTERM, so the first Ctrl-C leaves it running until the second.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSecondSigintToUpKillsAtOnceAndExits130() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  stubborn:
                    command: "trap '' INT TERM; echo armed; while :; do sleep 1; done"
                    daemon: true
                    ready: {log: armed}
                    shutdown: {timeout: 30s}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown(SIGKILL) }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: stubborn ready") } != nil)
        up.send(SIGINT)
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: stopping stubborn") } != nil)
        up.send(SIGINT)
        let result = up.finish()
        #expect(result.status == 130, "\(result.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.outcome == "interrupted")
        #expect(report.exitcode("stubborn") == -9)
    }

    /// While a crashed daemon waits out its backoff, `ps` shows it `restarting`.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDaemonWaitingOutItsBackoffIsRestartingInPs() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  flaky: {command: "exit 3", daemon: true, restart: always, backoff: 30s}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown(SIGKILL) }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: flaky exited 3; restarting in 30s") } != nil)
        let ps = try sandbox.ps()
        #expect(ps.status("flaky") == "restarting")
        #expect(ps["flaky"]?["alive"] as? Bool == false)
        up.send(SIGINT)
        let result = up.finish()
        #expect(result.status == 1, "flaky failed on its own: \(result.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.status("flaky") == "failed")
        #expect(report.exitcode("flaky") == 3)
        let summary = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("NAME ") })
        #expect(summary.contains("RESTARTS"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aJobStoppedByHandSaysSoAndSoDoItsSkippedDependents() throws {
        let (stop, stderr, status, report) = try Self.controlDuringALongJob(["stop", "long"])
        #expect(stop.status == 0, "\(stop.stderr)")
        let result = (status: status, stderr: stderr)
        #expect(!result.stderr.contains("muster: muster "), "\(result.stderr)")
        #expect(report.status("long") == "terminated")
        #expect(report.reason("long") == "stopped by muster stop")
        #expect(report.status("next") == "skipped")
        #expect(report.reason("next") == "dependency long was stopped by muster stop")
        #expect(result.status == 1)
    }

    /// `j` needs `d` ready, but `d` exits 0 before it is: `j` is skipped, which stops the run under
    /// `--fail-fast`; `long` is interrupted and `later` skipped, naming the cause.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSkippedJobTriggersFailFast() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              d: {command: "true", daemon: true, ready: {log: never}}
              j: {command: "true", depends_on: {d: ready}}
              long: {command: "exec sleep 30"}
              later: {command: "true", depends_on: [long]}
            """, ["--fail-fast"], in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("j") == "skipped")
        #expect(run.report.status("long") == "interrupted")
        #expect(run.report.status("later") == "skipped")
        #expect(run.report.reason("later") == "stopped by --fail-fast after j was skipped")
        #expect(run.report.outcome == "failed")
    }
}
