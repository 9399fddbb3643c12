import Foundation
import Glibc
import MusterTestSupport
import Testing

/// Readiness probes (`ready: exec | tcp | http | log`): dependents wait for them, and an entry
/// whose probe never passes is shut down as failed.
struct ReadinessTests {
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case exec, tcp, http, log
        var testDescription: String { rawValue }
    }

    /// A python server answering every GET with 500 (and logging each request to stderr).
    private static let server500 = """
        import http.server, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(500)
                self.end_headers()
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
        """

    // MARK: Passing probes

    /// `web` becomes ready only some time after it started; `job` (depending on it with the list
    /// form, meaning `ready`) starts after the "ready" event.
    @Test(.tags(.integration), .timeLimit(.minutes(1)), arguments: Kind.allCases)
    func aDependentStartsOnlyAfterTheProbePasses(_ kind: Kind) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let port = try ServiceSupport.freePort()
        let server = #"[python3, -m, http.server, "\#(port)", --bind, 127.0.0.1]"#
        let web: String
        switch kind {
        case .exec: web = #"{command: "sleep 0.2; touch marker; exec sleep 30", daemon: true, ready: {exec: "test -f marker", interval: 50ms, timeout: 20s}}"#
        case .tcp: web = #"{command: \#(server), daemon: true, ready: {tcp: "127.0.0.1:\#(port)", interval: 50ms, timeout: 20s}}"#
        case .http: web = #"{command: \#(server), daemon: true, ready: {http: "http://127.0.0.1:\#(port)/", interval: 50ms, timeout: 20s}}"#
        case .log: web = #"{command: "sleep 0.2; echo listening on 1234; exec sleep 30", daemon: true, ready: {log: "listening on [0-9]+", interval: 50ms, timeout: 20s}}"#
        }
        let run = try runManifest(
            """
            processes:
              web: \(web)
              job: {command: "echo job ran", depends_on: [web]}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.outcome == "succeeded")
        #expect(run.report["web"]?["ready"] as? Bool == true)
        #expect(run.report.status("web") == "terminated")
        #expect(run.report.status("job") == "succeeded")
        #expect(run.stdout.contains("job | job ran"))

        let started = try #require(ServiceSupport.index(of: "muster: web started", in: run.stderr), "\(run.stderr)")
        let ready = try #require(ServiceSupport.index(of: "muster: web ready after", in: run.stderr), "\(run.stderr)")
        let jobStarted = try #require(ServiceSupport.index(of: "muster: job started", in: run.stderr), "\(run.stderr)")
        #expect(started < ready && ready < jobStarted, "\(run.stderr)")
    }

    /// The ready line comes at once, before muster has handled the entry's start. One entry rarely
    /// loses that race, so 40 do at once, in up to 4 rounds (a round with no loss takes well under
    /// a second; one that loses waits for the 3s timeout and ends the test).
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aLogProbeMatchesALinePrintedAsSoonAsTheEntryStarts() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let names = (1...40).map { "d\($0)" }
        let daemons = names.map {
            "  \($0): {command: \"echo ready-now; exec sleep 30\", daemon: true, ready: {log: ready-now, interval: 50ms, timeout: 3s}}"
        }
        let manifest = (["processes:"] + daemons + ["  job: {command: \"echo job ran\", depends_on: [\(names.joined(separator: ", "))]}"])
            .joined(separator: "\n")
        for round in 1...4 {
            let run = try runManifest(manifest, in: folder)
            let missed = names.filter { run.report[$0]?["ready"] as? Bool != true }
            #expect(missed.isEmpty, "round \(round): the ready line of \(missed) was not matched")
            #expect(run.status == 0, "round \(round): \(run.stderr)")
            if !missed.isEmpty || run.status != 0 { break }
        }
    }

    // MARK: Probes that never pass

    /// Each probe kind with a check that cannot pass within `timeout: 300ms`: `web` is shut down and
    /// `failed`, the reason names the check, `job` is skipped, muster exits 1.
    @Test(.tags(.integration), .timeLimit(.minutes(1)), arguments: Kind.allCases)
    func aProbeThatNeverPassesFailsTheEntryAfterItsTimeoutAndSkipsItsDependents(_ kind: Kind) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let port = try ServiceSupport.freePort()
        let timing = "interval: 50ms, timeout: 300ms"
        // For http, a real server (started and ready first) answers the probe's path with 404.
        var server = ""
        let probe: String
        let check: String
        switch kind {
        case .exec:
            probe = #"{exec: "test -f never-created", \#(timing)}"#
            check = "exec exited 1"
        case .tcp:
            probe = #"{tcp: "127.0.0.1:\#(port)", \#(timing)}"#
            check = "tcp 127.0.0.1:\(port) refused"
        case .http:
            server = #"""
                  server:
                    command: [python3, -m, http.server, "\#(port)", --bind, 127.0.0.1]
                    daemon: true
                    ready: {tcp: "127.0.0.1:\#(port)", interval: 50ms, timeout: 20s}
                """# + "\n"
            probe = #"{http: "http://127.0.0.1:\#(port)/missing", \#(timing)}"#
            check = "GET http://127.0.0.1:\(port)/missing answered 404"
        case .log:
            probe = #"{log: "never printed", \#(timing)}"#
            check = "no output line matched /never printed/"
        }
        let dependsOnServer = kind == .http ? ", depends_on: [server]" : ""
        let run = try runManifest(
            """
            processes:
            \(server)  web: {command: "echo up; exec sleep 30", daemon: true, ready: \(probe)\(dependsOnServer)}
              job: {command: "touch job-ran", depends_on: [web]}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.outcome == "failed")
        #expect(run.report.status("web") == "failed")
        #expect(run.report["web"]?["ready"] as? Bool == false)
        #expect(run.report.exitcode("web") == -15, "web was shut down with SIGTERM")
        #expect(run.report.reason("web") == "not ready after 300ms (\(check))")
        #expect(run.stderr.contains("muster: web failed: not ready after 300ms (\(check))"), "\(run.stderr)")
        #expect(run.report.status("job") == "skipped")
        #expect(run.report.reason("job") == "dependency web failed")
        #expect(!exists("job-ran", in: folder))
        let pid = try #require(run.report.pid("web"))
        #expect(!processIsAlive(pid))
        if kind == .http {
            #expect(run.report.status("server") == "terminated")
        }
        // The probe gave up at its timeout, not at some later teardown.
        let duration = try #require(run.report["web"]?["duration_s"] as? Double)
        #expect(duration >= 0.3 && duration < 5, "web ran for \(duration)s")
    }

    // MARK: Entries that end before they are ready

    /// `early` exits 0 after 100ms while its probe (30 s timeout) still fails: muster stops
    /// waiting at once and skips the dependent.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDependentIsSkippedAtOnceWhenItsDependencyExitsBeforeItIsReady() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let port = try ServiceSupport.freePort()
        let run = try runManifest(
            """
            processes:
              early:
                command: "sleep 0.1; exit 0"
                daemon: true
                ready: {tcp: "127.0.0.1:\(port)", interval: 50ms, timeout: 30s}
              job: {command: "touch job-ran", depends_on: [early]}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("early") == "succeeded")
        #expect(run.report["early"]?["ready"] as? Bool == false)
        #expect(run.report.status("job") == "skipped")
        #expect(run.report.reason("job") == "dependency early ended before it was ready")
        #expect(!exists("job-ran", in: folder))
        let duration = try #require(run.report.json["duration_s"] as? Double)
        #expect(duration < 5, "muster waited \(duration)s for a probe of an entry that had ended")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDependentIsSkippedAtOnceWhenItsDependencyFailsBeforeItIsReady() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              early:
                command: "sleep 0.1; exit 4"
                daemon: true
                ready: {log: "never printed", interval: 50ms, timeout: 30s}
              job: {command: "touch job-ran", depends_on: [early]}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("early") == "failed")
        #expect(run.report.exitcode("early") == 4)
        #expect(run.report.status("job") == "skipped")
        #expect(run.report.reason("job") == "dependency early failed")
        let duration = try #require(run.report.json["duration_s"] as? Double)
        #expect(duration < 5, "muster waited \(duration)s for a probe of an entry that had ended")
    }

    // MARK: HTTP status codes

    /// A server that answers every GET with 500 is probed repeatedly and never counted ready.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anHTTPProbeAnswered500KeepsTheEntryNotReadyUntilItsTimeout() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("server500.py", Self.server500)
        let port = try ServiceSupport.freePort()
        let run = try runManifest(
            """
            processes:
              web:
                command: [python3, server500.py, "\(port)"]
                daemon: true
                ready: {http: "http://127.0.0.1:\(port)/health", interval: 50ms, timeout: 2s}
              job: {command: "touch job-ran", depends_on: {web: ready}}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("web") == "failed")
        #expect(run.report["web"]?["ready"] as? Bool == false)
        #expect(run.report.reason("web") == "not ready after 2s (GET http://127.0.0.1:\(port)/health answered 500)")
        #expect(ServiceSupport.index(of: "muster: web ready", in: run.stderr) == nil, "\(run.stderr)")
        #expect(run.report.status("job") == "skipped")
        #expect(!exists("job-ran", in: folder))
        // The server saw the probe more than once: it kept asking until the timeout.
        let requests = ServiceSupport.lines(run.stderr).filter { $0.hasPrefix("web") && $0.contains("\"GET /health HTTP/1.0\" 500") }
        #expect(requests.count >= 2, "\(run.stderr)")
    }

    /// A 3xx answer counts as ready (SPEC: http probes pass on 2xx/3xx).
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anHTTPProbeAnsweredWithARedirectCountsAsReady() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("site/sub/index.html", "hello\n")
        let port = try ServiceSupport.freePort()
        // http.server answers a folder without its trailing slash with 301.
        let run = try runManifest(
            """
            processes:
              web:
                command: [python3, -m, http.server, "\(port)", --bind, 127.0.0.1, --directory, site]
                daemon: true
                ready: {http: "http://127.0.0.1:\(port)/sub", interval: 50ms, timeout: 20s}
              job: {command: "echo job ran", depends_on: [web]}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report["web"]?["ready"] as? Bool == true)
        #expect(run.stderr.contains("\"GET /sub HTTP/1.0\" 301"), "\(run.stderr)")
        #expect(run.report.status("job") == "succeeded")
    }
}
