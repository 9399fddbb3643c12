import Foundation
import Glibc
import MusterTestSupport
import Testing

/// Cases a review found: each once hung, leaked or misreported, and must not again.
struct EdgeCaseTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func closedStandardStreamsAreNotTakenForMustersOwnPipes() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        // The job looks at what muster (its parent) has as descriptors 0 and 1.
        folder.write("m.yaml", "processes:\n  look: {command: \"readlink /proc/$$PPID/fd/0 /proc/$$PPID/fd/1 > fds\"}\n")
        // With standard input and output closed, muster's first pipes would get descriptors 0
        // and 1, and children's lines written to "standard output" would land in one of them.
        let outcome = try MusterBinary.run(
            ["-c", "exec \"$0\" run -f m.yaml --json report.json <&- >&-", MusterBinary.path],
            in: folder.path, executable: "/bin/sh")
        let report = try Report(path: folder.path + "/report.json")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(report.status("look") == "succeeded")
        #expect(lines(of: "fds", in: folder) == ["/dev/null", "/dev/null"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func jobsWaitingForADaemonToEndRunAfterTheDaemonsTeardown() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              d: {daemon: true, command: "exec sleep 1000"}
              j: {command: "echo after teardown", depends_on: {d: completed}}
              k: {command: "echo never", depends_on: {d: succeeded}}
            """, in: folder)
        #expect(run.report.status("d") == "terminated")
        #expect(run.report.status("j") == "succeeded")
        #expect(run.report.status("k") == "skipped")
        #expect(run.report.reason("k") == "dependency d killed by SIGTERM")
        #expect(run.stdout.contains("j | after teardown\n"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func restartingAJobUnderRunKeepsItsDependentsWaitingForTheNewInstance() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  a: {command: "echo a-$MUSTER_NAME; exec sleep 3"}
                  b: {command: "echo b ran", depends_on: [a]}
                """)
        defer { sandbox.remove() }
        let run = try sandbox.start(["run", "-f", "m.yaml", "--json", "report.json"])
        defer { run.shutDown() }
        #expect(run.waitForLine(on: .standardError) { $0.hasPrefix("muster: a started") } != nil)
        let restart = try sandbox.muster(["restart", "a", "-f", "m.yaml"])
        #expect(restart.status == 0, "\(restart.stderr)")
        let result = run.finish(seconds: 30)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.status("a") == "succeeded")
        #expect(report["a"]?["restarts"] as? Int == 1)
        #expect(report.status("b") == "succeeded")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func stoppingAnEntryInItsRestartBackoffCancelsTheRestart() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  keeper: {command: "exec sleep 300", daemon: true}
                  flaky: {command: "exit 1", daemon: true, restart: always, backoff: 30s}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: flaky exited 1; restarting in 30s") } != nil)
        let stop = try sandbox.muster(["stop", "flaky", "-f", "m.yaml"])
        #expect(stop.status == 0, "\(stop.stderr)")
        // Its last instance ended on its own, with 1: muster did not signal it.
        #expect(ControlSupport.row("flaky", in: stop.stdout)?[5] == "failed", "\(stop.stdout)")
        #expect(ControlSupport.row("flaky", in: stop.stdout)?[4] == "1", "\(stop.stdout)")
        // down exits with the run's own status: flaky failed.
        #expect(try sandbox.muster(["down", "-f", "m.yaml"]).status == 1)
        let result = up.finish()
        #expect(result.status == 1, "flaky failed: \(result.stderr)")
        #expect(result.stderr.components(separatedBy: "muster: flaky started").count == 2, "flaky came back: \(result.stderr)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func startingAnEntryThatWaitsForASlotIsRefused() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  a: {command: "exec sleep 3"}
                  b: {command: "exec sleep 3"}
                """)
        defer { sandbox.remove() }
        let run = try sandbox.start(["run", "-j", "1", "-f", "m.yaml"])
        defer { run.shutDown(SIGKILL) }
        #expect(run.waitForLine(on: .standardError) { $0.hasPrefix("muster: a started") } != nil)
        let start = try sandbox.muster(["start", "b", "-f", "m.yaml"])
        #expect(start.status == 1)
        #expect(start.stderr.contains("b has not started yet"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func grandchildrenOfEveryRestartedInstanceAreGone() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              crashy: {command: "sleep 300 & echo $! >> pids; exit 1", restart: on-failure, max_restarts: 2, backoff: 50ms}
            """, in: folder)
        #expect(run.report["crashy"]?["restarts"] as? Int == 2)
        let pids = lines(of: "pids", in: folder).compactMap { Int32($0) }
        #expect(pids.count == 3)
        #expect(pids.filter(processIsAlive).isEmpty)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anExecProbeStillRunningWhenItsEntryEndsIsKilled() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              d: {command: "sleep 0.3; exit 3", daemon: true, ready: {exec: "echo $$$$ > probe.pid; exec sleep 300"}}
              j: {command: "true", depends_on: [d]}
            """, in: folder)
        #expect(run.report.status("j") == "skipped")
        let probe = try #require(pidFile("probe.pid", in: folder))
        #expect(!processIsAlive(probe))
    }
}
