import Foundation
import MusterTestSupport
import Testing

/// When the only jobs left wait for daemons to end, muster stops exactly those daemons (their
/// live dependents first), and waits only for probes that a pending entry needs.
struct TeardownOrderTests {
    /// Nobody waits for `svc` to be ready, so its slow probe does not hold up stopping `db` for
    /// `after`; `svc` is shut down at the end, `terminated`.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aProbeNobodyWaitsOnDoesNotHoldUpTheTeardownForJobs() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              svc: {command: "exec sleep 30", daemon: true, ready: {log: READY, timeout: 5s}}
              db: {command: "exec sleep 30", daemon: true}
              after: {command: "true", depends_on: {db: completed}}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("after") == "succeeded")
        #expect(run.report.status("db") == "terminated")
        #expect(run.report.status("svc") == "terminated")
        let stoppingDb = try #require(ServiceSupport.index(of: "muster: the jobs left wait for daemons to end: stopping db first", in: run.stderr), "\(run.stderr)")
        let afterStarted = try #require(ServiceSupport.index(of: "muster: after started", in: run.stderr))
        let stoppingSvc = try #require(ServiceSupport.index(of: "muster: stopping svc", in: run.stderr))
        #expect(stoppingDb < afterStarted && afterStarted < stoppingSvc, "\(run.stderr)")
        #expect((run.report.json["duration_s"] as? Double ?? 99) < 4, "the run waited for svc's probe")
    }

    /// `late` needs `cache` (ready, which it is) and `db` ended: muster stops `db` alone, and
    /// `late` finds `cache` still running.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDaemonThatAPendingJobNeedsStaysUp() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              db: {command: "exec sleep 30", daemon: true}
              cache: {command: "echo $$$$ > cache.pid; echo READY; exec sleep 30", daemon: true, ready: {log: READY}}
              late: {command: "kill -0 $(cat cache.pid)", depends_on: {cache: ready, db: completed}}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("late") == "succeeded", "cache was stopped before late ran")
        #expect(run.report.status("db") == "terminated")
        #expect(run.report.status("cache") == "terminated")
        #expect(run.stderr.contains("muster: the jobs left wait for daemons to end: stopping db first"), "\(run.stderr)")
    }
}
