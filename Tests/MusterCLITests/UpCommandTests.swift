import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `muster up`: daemons stay up after the jobs end, come back under `restart`, and a
/// SIGINT/SIGTERM from the user is a clean shutdown (exit 0, daemons `terminated`).
struct UpCommandTests {
    /// `svc` crashes once (leaving a marker) and comes back; then the user stops `up` with SIGTERM.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aCrashedDaemonComesBackAndSigtermShutsUpDownCleanly() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              svc:
                command: "if [ -f crashed ]; then exec sleep 30; else touch crashed; exit 1; fi"
                daemon: true
                restart: always
                backoff: 50ms
            """)
        let muster = try LiveMuster(["up", "-f", "m.yaml", "--json", "report.json"], in: folder.path, watchdog: 20)
        let second = muster.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started (pid ") && $0.hasSuffix(", restart 1") }
        #expect(second != nil, "svc did not come back")
        muster.send(SIGTERM)
        let result = muster.finish()
        #expect(result.status != 128 + SIGKILL, "muster ignored SIGTERM; the test's watchdog killed it")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("SIGTERM received"), "\(result.stderr)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.outcome == "succeeded")
        #expect(report.exitCode == 0)
        #expect(report.status("svc") == "terminated")
        #expect(report.exitcode("svc") == -15)
        #expect((report["svc"]?["restarts"] as? Int ?? 0) >= 1)
        let pids = ServiceSupport.startedPids(of: "svc", in: result.stderr)
        #expect(pids.count == 2 && Set(pids).count == 2, "\(result.stderr)")
        #expect(report.pid("svc") == pids.last)
        for pid in pids { #expect(!processIsAlive(pid), "pid \(pid) is still alive") }
    }

    /// The job ends; `svc` (with a background grandchild) is still up afterwards and is stopped
    /// only by the user's SIGINT.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func daemonsStayUpAfterTheJobsEndUntilSigint() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              svc: {command: "sleep 30 & echo $! > grandchild.pid; echo yes > armed; wait", daemon: true}
              job: {command: "read answer < armed; echo job done", depends_on: [svc], timeout: 15s}
            """)
        try makeFIFO("armed", in: folder)  // the job ends once svc has written grandchild.pid
        let muster = try LiveMuster(["up", "-f", "m.yaml", "--json", "report.json"], in: folder.path, watchdog: 20)
        let started = try #require(muster.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started (pid ") })
        let pid = try #require(ServiceSupport.pid(inStartedEvent: started))
        let jobEnded = muster.waitForLine(on: .standardError) { $0.hasPrefix("muster: job exited 0") }
        #expect(jobEnded != nil, "the job did not end")
        #expect(kill(pid, 0) == 0 && processIsAlive(pid), "svc (pid \(pid)) is gone after the job ended")
        muster.send(SIGINT)
        let result = muster.finish()
        #expect(result.status != 128 + SIGKILL, "muster ignored SIGINT; the test's watchdog killed it")
        let grandchild = pidFile("grandchild.pid", in: folder)
        defer { if let grandchild, processIsAlive(grandchild) { kill(grandchild, SIGKILL) } }

        #expect(result.status == 0, "\(result.stderr)")
        // Nothing stopped svc before the user asked.
        let signalled = try #require(ServiceSupport.index(of: "muster: SIGINT received", in: result.stderr), "\(result.stderr)")
        let stopping = try #require(ServiceSupport.index(of: "muster: stopping svc", in: result.stderr), "\(result.stderr)")
        #expect(signalled < stopping, "\(result.stderr)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.outcome == "succeeded")
        #expect(report.exitCode == 0)
        #expect(report.status("job") == "succeeded")
        #expect(report.status("svc") == "terminated")
        #expect(report.exitcode("svc") == -15)
        #expect(report["svc"]?["alive"] as? Bool == false)
        #expect(report.pid("svc") == pid)
        #expect(!processIsAlive(pid), "svc (pid \(pid)) outlived muster")
        let orphan = try #require(grandchild)
        #expect(!processIsAlive(orphan), "svc's grandchild \(orphan) outlived muster")
    }

    /// The user stops `up` while `svc` waits out its restart backoff after a crash: muster never
    /// signalled its last instance, which ended on its own with 1, so svc is `failed`, exit code
    /// 1, and the run fails; the backoff is not waited out.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSignalDuringARestartBackoffReportsTheDaemonByItsOwnEnd() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              svc: {command: "exit 1", daemon: true, restart: always, backoff: 20s}
            """)
        let muster = try LiveMuster(["up", "-f", "m.yaml", "--json", "report.json"], in: folder.path, watchdog: 20)
        let waiting = muster.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc exited 1; restarting in 20s") }
        #expect(waiting != nil, "svc was not scheduled for a restart")
        muster.send(SIGTERM)
        let result = muster.finish()
        #expect(result.status != 128 + SIGKILL, "muster ignored SIGTERM; the test's watchdog killed it")
        #expect(result.status == 1, "\(result.stderr)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.outcome == "failed")
        #expect(report.status("svc") == "failed", "reason: \(report.reason("svc") ?? "none")")
        #expect(report.exitcode("svc") == 1)
        #expect(report.reason("svc") == "exited 1; the run stopped before its restart")
        let duration = try #require(report.json["duration_s"] as? Double)
        #expect(duration < 10, "muster waited out the 20s backoff")
    }

    /// Without daemons there is nothing to keep up: `up` ends when the jobs do, like `run`.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func upWithOnlyJobsExitsWhenTheJobsEnd() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              job: {command: "echo job done"}
            """)
        let muster = try LiveMuster(["up", "-f", "m.yaml", "--json", "report.json"], in: folder.path, watchdog: 20)
        let result = muster.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.outcome == "succeeded")
        #expect(report.status("job") == "succeeded")
    }

    /// A daemon that fails for good (restarts used up) under `up` leaves nothing to keep up: muster
    /// ends and reports the failure.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func upExitsWithFailureWhenItsDaemonFailsForGood() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              svc: {command: "exit 2", daemon: true, restart: on-failure, max_restarts: 1, backoff: 50ms}
            """)
        let muster = try LiveMuster(["up", "-f", "m.yaml", "--json", "report.json"], in: folder.path, watchdog: 20)
        let result = muster.finish()
        #expect(result.status == 1, "\(result.stderr)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.outcome == "failed")
        #expect(report.status("svc") == "failed")
        #expect(report.exitcode("svc") == 2)
        #expect(report["svc"]?["restarts"] as? Int == 1)
    }
}
