import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `tcp:` and `http:` probes on host names, with a resolver that never answers: muster runs in a
/// private mount and network namespace whose /etc/resolv.conf points at a DNS server on loopback
/// that reads queries and drops them (Tests/Fixtures/dead-resolver), so every DNS lookup there
/// takes the system's full 10 s (`timeout:5 attempts:2`).
///
/// A probe must give up at its own timeout, and the rest of the run must go on meanwhile: no
/// lookup may hold one of the few threads that run muster's loop, other probes and timers.
struct DeadResolverTests {
    private static let script = MusterBinary.packageRoot + "/Tests/Fixtures/dead-resolver/run-with-dead-resolver.sh"

    /// What a run under the dead resolver gave, and the names the resolver was asked for.
    struct DeadResolverRun {
        var run: RunResult
        var queries: [String]
    }

    /// Writes `manifest` as `m.yaml` in `folder` and runs `muster run -f m.yaml --json report.json`
    /// there under the dead resolver, with `hosts` (if any) as /etc/hosts. Fails the test, with
    /// the reason, when the namespace cannot be set up (no permission for `unshare`, say): this
    /// test never passes without having run.
    private func runWithDeadResolver(
        _ manifest: String, hosts: String? = nil, in folder: TemporaryDirectory
    ) throws -> DeadResolverRun {
        folder.write("m.yaml", manifest)
        folder.write("queries.log", "")
        var options = ["--queries", folder.path + "/queries.log"]
        if let hosts { options += ["--hosts", folder.write("hosts", hosts)] }
        let outcome = try MusterBinary.run(
            options + [MusterBinary.path, "run", "-f", "m.yaml", "--json", "report.json"], in: folder.path,
            executable: Self.script)
        try #require(
            outcome.standardError.contains("dead-resolver: ready"),
            """
            the dead-resolver namespace could not be set up (Tests/Fixtures/dead-resolver needs \
            unshare --mount --net, ip, mount and python3); exit status \(outcome.status), stderr:
            \(outcome.standardError)
            """)
        let report: Report
        do {
            report = try Report(path: folder.path + "/report.json")
        } catch {
            throw RunTestError("\(error)\nexit status \(outcome.status)\nstderr:\n\(outcome.standardError)")
        }
        let queries = lines(of: "queries.log", in: folder)
        return DeadResolverRun(run: RunResult(outcome: outcome, report: report), queries: queries)
    }

    /// Three daemons probe names that never resolve (two `tcp:`, one `http:`), each with a 1 s
    /// timeout. Each fails after that second with a reason naming the host; the independent jobs
    /// run and finish meanwhile, the jobs depending on the slow daemons are skipped, and the run
    /// takes far less than the resolver's 10 s. (While lookups still blocked the cooperative
    /// threads, this run took 20 s, and no probe gave up before 10 s.)
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func probesOnNamesThatNeverResolveFailAtTheirTimeoutWhileTheRunGoesOn() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let result = try runWithDeadResolver(
            """
            processes:
              slow-a: {command: "exec sleep 30", daemon: true, ready: {tcp: "slow-a.example.test:80", interval: 100ms, timeout: 1s}}
              slow-b: {command: "exec sleep 30", daemon: true, ready: {tcp: "slow-b.example.test:80", interval: 100ms, timeout: 1s}}
              slow-c: {command: "exec sleep 30", daemon: true, ready: {http: "http://slow-c.example.test:8080/health", interval: 100ms, timeout: 1s}}
              first: {command: "echo first ran"}
              second: {command: "touch second-ran", depends_on: [first]}
              after-a: {command: "touch after-a-ran", depends_on: [slow-a]}
              after-b: {command: "touch after-b-ran", depends_on: [slow-b]}
              after-c: {command: "touch after-c-ran", depends_on: [slow-c]}
            """, in: folder)
        let run = result.run
        // The lookups really went to the dead resolver (and hung there).
        for name in ["slow-a", "slow-b", "slow-c"] {
            #expect(result.queries.contains("\(name).example.test"), "queries: \(result.queries)")
        }

        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.outcome == "failed")
        for (name, check) in [("slow-a", "tcp "), ("slow-b", "tcp "), ("slow-c", "")] {
            let resolve = "cannot resolve \(name).example.test: no answer within the probe's timeout"
            let reason = "not ready after 1s (\(check)\(resolve))"
            #expect(run.report.status(name) == "failed", "\(run.stderr)")
            #expect(run.report.reason(name) == reason)
            #expect(run.stderr.contains("muster: \(name) failed: \(reason)"), "\(run.stderr)")
            let duration = try #require(run.report[name]?["duration_s"] as? Double)
            #expect(duration >= 1 && duration < 5, "\(name)'s probe gave up after \(duration)s")
        }
        #expect(run.report.status("first") == "succeeded")
        #expect(run.stdout.contains("| first ran"), "\(run.stdout)")
        let first = try #require(run.report["first"]?["duration_s"] as? Double)
        #expect(first < 5, "first (an echo) was reported to last \(first)s: the loop was held up")
        #expect(run.report.status("second") == "succeeded")
        #expect(exists("second-ran", in: folder))
        for name in ["a", "b", "c"] {
            #expect(run.report.status("after-\(name)") == "skipped")
            #expect(run.report.reason("after-\(name)") == "dependency slow-\(name) failed")
            #expect(!exists("after-\(name)-ran", in: folder))
        }
        let duration = try #require(run.report.json["duration_s"] as? Double)
        #expect(duration < 5, "the run took \(duration)s; the dead resolver takes 10 s per lookup")
    }

    /// Beside the same dead resolver, a `tcp:` probe on a name from /etc/hosts and an `http:`
    /// probe on `localhost` resolve from the file at once and pass; the resolver is never asked.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func namesFromEtcHostsResolveAndPassBesideADeadResolver() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let port = try ServiceSupport.freePort()
        let result = try runWithDeadResolver(
            """
            processes:
              web:
                command: [python3, -m, http.server, "\(port)", --bind, 127.0.0.1]
                daemon: true
                ready: {tcp: "web.muster.test:\(port)", interval: 50ms, timeout: 20s}
              api:
                command: "exec sleep 30"
                daemon: true
                depends_on: [web]
                ready: {http: "http://localhost:\(port)/", interval: 50ms, timeout: 20s}
              job: {command: "echo job ran", depends_on: [web, api]}
            """, hosts: "127.0.0.1 localhost\n127.0.0.1 web.muster.test\n", in: folder)
        let run = result.run
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report["web"]?["ready"] as? Bool == true, "\(run.stderr)")
        #expect(run.report["api"]?["ready"] as? Bool == true, "\(run.stderr)")
        #expect(run.report.status("job") == "succeeded")
        #expect(run.stdout.contains("| job ran"), "\(run.stdout)")
        #expect(result.queries.isEmpty, "names from /etc/hosts were sent to DNS: \(result.queries)")
        let duration = try #require(run.report.json["duration_s"] as? Double)
        #expect(duration < 10, "the run took \(duration)s")
    }
}
