import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `restart: no | on-failure | always` with `max_restarts` and `backoff`.
struct RestartTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func onFailureRestartsUntilMaxRestartsThenFailsWithTheLastExitCode() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              crash: {command: "exit 3", restart: on-failure, max_restarts: 2, backoff: 50ms}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.outcome == "failed")
        #expect(run.report.status("crash") == "failed")
        #expect(run.report.exitcode("crash") == 3)
        #expect(run.report["crash"]?["restarts"] as? Int == 2)
        #expect(run.report["crash"]?["alive"] as? Bool == false)
        let pids = ServiceSupport.startedPids(of: "crash", in: run.stderr)
        #expect(pids.count == 3, "\(run.stderr)")
        #expect(Set(pids).count == pids.count, "every instance is a new process: \(pids)")
        #expect(pids.last == run.report.pid("crash"), "the report shows the last instance")
        #expect(ServiceSupport.events("muster: crash exited 3; restarting in", in: run.stderr).count == 2, "\(run.stderr)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func onFailureDoesNotRestartAfterExitZero() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              once: {command: "echo run >> runs", restart: on-failure, max_restarts: 3, backoff: 50ms}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("once") == "succeeded")
        #expect(run.report["once"]?["restarts"] as? Int == 0)
        #expect(lines(of: "runs", in: folder) == ["run"])
        #expect(ServiceSupport.startedPids(of: "once", in: run.stderr).count == 1, "\(run.stderr)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func alwaysRestartsAJobAfterExitZeroUntilMaxRestarts() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              again: {command: "echo run >> runs", restart: always, max_restarts: 2, backoff: 50ms}
              after: {command: "wc -l < runs", depends_on: [again]}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("again") == "succeeded")
        #expect(run.report.exitcode("again") == 0)
        #expect(run.report["again"]?["restarts"] as? Int == 2)
        #expect(lines(of: "runs", in: folder) == ["run", "run", "run"])
        #expect(ServiceSupport.startedPids(of: "again", in: run.stderr).count == 3, "\(run.stderr)")
        // A restarting job keeps its dependents waiting until its last instance ends.
        #expect(run.report.status("after") == "succeeded")
        #expect(run.stdout.contains("after | 3"), "\(run.stdout)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func restartNoLeavesAFailedEntryFailed() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              crash: {command: "echo run >> runs; exit 3", restart: no, max_restarts: 5, backoff: 50ms}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("crash") == "failed")
        #expect(run.report["crash"]?["restarts"] as? Int == 0)
        #expect(lines(of: "runs", in: folder) == ["run"])
    }

    /// Each instance appends its start time (ns) to `starts`; with backoff 100ms the delays are
    /// 100, 200, 400 ms, so the gaps between starts roughly double.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theBackoffBetweenRestartsGrowsExponentially() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              crash: {command: "date +%s%N >> starts; exit 1", restart: on-failure, max_restarts: 3, backoff: 100ms}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report["crash"]?["restarts"] as? Int == 3)
        let starts = lines(of: "starts", in: folder).compactMap { Double($0) }.map { $0 / 1e6 }  // ms
        try #require(starts.count == 4, "\(starts)")
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }
        #expect(gaps[0] >= 100, "gaps \(gaps) ms")
        #expect(gaps[1] > gaps[0] * 1.5, "gaps \(gaps) ms")
        #expect(gaps[2] > gaps[1] * 1.5, "gaps \(gaps) ms")
        let delays = ServiceSupport.events("muster: crash exited 1; restarting in ", in: run.stderr)
            .map { $0.replacingOccurrences(of: "muster: crash exited 1; restarting in ", with: "") }
        #expect(delays == ["100ms", "200ms", "400ms"], "\(run.stderr)")
    }

    /// `svc` crashes before printing its ready line the first time (it leaves a marker), and is
    /// restarted; `job` waits for the second instance's ready line. svc's lines go to stderr so
    /// that they are ordered with muster's events.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDependentWaitingForReadyWaitsForTheRestartedInstance() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              svc:
                command: >-
                  if [ -f crashed ]; then sleep 0.2; echo "listening on 1234" >&2; exec sleep 30;
                  else touch crashed; echo "crashing" >&2; exit 1; fi
                daemon: true
                restart: on-failure
                backoff: 50ms
                ready: {log: "listening on [0-9]+", interval: 50ms, timeout: 20s}
              job: {command: "echo job ran", depends_on: {svc: ready}}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("job") == "succeeded")
        #expect(run.report.status("svc") == "terminated")
        #expect(run.report["svc"]?["ready"] as? Bool == true)
        #expect(run.report["svc"]?["restarts"] as? Int == 1)

        let pids = ServiceSupport.startedPids(of: "svc", in: run.stderr)
        #expect(pids.count == 2 && pids[0] != pids[1], "\(run.stderr)")
        let index = { (prefix: String) in ServiceSupport.index(of: prefix, in: run.stderr) }
        let crashed = try #require(index("muster: svc exited 1; restarting"), "\(run.stderr)")
        let restarted = try #require(index("muster: svc started (pid \(pids.last ?? 0)), restart 1"), "\(run.stderr)")
        let line = try #require(index("svc | listening on 1234"), "\(run.stderr)")
        let ready = try #require(index("muster: svc ready after"), "\(run.stderr)")
        let jobStarted = try #require(index("muster: job started"), "\(run.stderr)")
        // (The ready event may come out just before the line that matched it: both go to stderr.)
        #expect(crashed < restarted && restarted < line && restarted < ready && ready < jobStarted, "\(run.stderr)")
    }
}
