import Foundation
import Glibc
import MusterTestSupport
import Testing

/// Live control of a running `muster up` (SPEC §3–§4): `ps`, `stop`, `start`, `restart`,
/// `down` and `logs` over the run's Unix socket, its authkey challenge, its control files, and
/// what happens around them (a second run, a killed run, a run queried from inside).
///
/// Each test has its own `XDG_RUNTIME_DIR`, so runs never meet another test's socket.
struct ControlTests {
    /// A daemon without a probe (ready once started).
    static let sleeper = #"{command: "echo up; exec sleep 120", daemon: true}"#

    /// An http.server daemon on `port` with an http probe.
    static func webServer(port: Int) -> String {
        #"{command: [python3, -m, http.server, "\#(port)", --bind, 127.0.0.1], daemon: true, ready: {http: "http://127.0.0.1:\#(port)/", interval: 50ms, timeout: 20s}}"#
    }

    // MARK: - ps

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func psShowsEveryDaemonRunningAndReadyWithLivePidsLeadingTheirOwnProcessGroups() throws {
        let port = try ServiceSupport.freePort()
        let sandbox = ControlSandbox(
            manifest: """
                name: shop
                processes:
                  svc: \(Self.sleeper)
                  web: \(Self.webServer(port: port))
                """, file: "muster.yaml")
        defer { sandbox.remove() }
        let up = try sandbox.start(["up", "--json", "report.json"])
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: web ready after") } != nil, "web never got ready")

        let ps = try sandbox.ps(file: "muster.yaml")
        #expect(ps.names.sorted() == ["svc", "web"])
        #expect(ps.json["muster_pid"] as? Int == Int(up.pid))
        #expect(ps.json["project"] as? String == "shop")
        for name in ["svc", "web"] {
            let entry = try #require(ps[name], "\(name) is missing from ps: \(ps.json)")
            #expect(entry["daemon"] as? Bool == true, "\(name)")
            #expect(entry["alive"] as? Bool == true, "\(name)")
            #expect(entry["status"] as? String == "running", "\(name)")
            #expect(entry["ready"] as? Bool == true, "\(name)")
            #expect(entry["restarts"] as? Int == 0, "\(name)")
            #expect(entry["exitcode"] == nil || entry["exitcode"] is NSNull, "\(name) has an exit code while running")
            #expect((entry["uptime_s"] as? Double ?? -1) >= 0, "\(name)")
            let pid = try #require(ps.pid(name), "\(name) has no pid")
            #expect(ControlSupport.procStat(pid) != nil, "/proc/\(pid)/stat of \(name) does not exist")
            #expect(ControlSupport.processGroup(of: pid) == pid, "\(name) (pid \(pid)) does not lead its own process group")
            #expect(processIsAlive(pid))
        }
        #expect(ControlSupport.commandLine(of: try #require(ps.pid("svc"))).contains("sleep 120"))
        #expect(ControlSupport.commandLine(of: try #require(ps.pid("web"))).contains("http.server"))

        // The table, found through muster.yaml in the current folder (no -f).
        let table = try sandbox.muster(["ps"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = ControlSupport.tableRows(table.stdout)
        #expect(rows.first == ["NAME", "DAEMON", "PID", "ALIVE", "EXITCODE", "STATUS", "READY", "RESTARTS", "UPTIME", "CPU", "RSS"], "\(table.stdout)")
        #expect(rows.count == 3, "\(table.stdout)")
        for name in ["svc", "web"] {
            let row = try #require(ControlSupport.row(name, in: table.stdout), "no row for \(name):\n\(table.stdout)")
            #expect(Array(row.prefix(8)) == [name, "yes", ps.pid(name).map(String.init) ?? "?", "yes", "-", "running", "yes", "0"], "\(table.stdout)")
            #expect(row.count == 11 && row[8].hasSuffix("s") && row[9].hasSuffix("%"), "uptime, CPU: \(table.stdout)")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func twoManifestsWithTheSameFileNameRunAtOnceEachWithItsOwnSocket() throws {
        let sandbox = ControlSandbox()
        defer { sandbox.remove() }
        sandbox.folder.write("a/m.yaml", "processes:\n  alpha: \(Self.sleeper)\n")
        sandbox.folder.write("b/m.yaml", "processes:\n  beta: \(Self.sleeper)\n")
        let first = try sandbox.up(file: "a/m.yaml")
        defer { first.shutDown() }
        let second = try sandbox.up(file: "b/m.yaml")
        defer { second.shutDown() }
        #expect(first.waitForLine(on: .standardError) { $0.hasPrefix("muster: alpha started") } != nil)
        #expect(second.waitForLine(on: .standardError) { $0.hasPrefix("muster: beta started") } != nil)

        let a = try sandbox.ps(file: "a/m.yaml")
        let b = try sandbox.ps(file: "b/m.yaml")
        #expect(a.names == ["alpha"])
        #expect(a.json["muster_pid"] as? Int == Int(first.pid))
        #expect(b.names == ["beta"])
        #expect(b.json["muster_pid"] as? Int == Int(second.pid))
        #expect(sandbox.controlFiles().filter { $0.hasSuffix(".sock") }.count == 2, "\(sandbox.controlFiles())")
    }

    // MARK: - stop, start, restart

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aRestartedInstanceThatEndsAtOnceIsReportedByItsOwnEnd() throws {
        // The first instance sleeps; every later one exits 3 at once, while the end of the one
        // before may still be in hand: its exit status must be read, never lost to orphan reaping.
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  keep: {command: "exec sleep 300", daemon: true}
                  quick: {command: "if [ -e started ]; then exit 3; fi; touch started; exec sleep 300", daemon: true}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        try #require(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: quick started") } != nil)
        for _ in 0..<10 {
            _ = try sandbox.muster(["restart", "quick", "-f", "m.yaml"])
            let ps = try sandbox.ps()
            #expect(ps.status("quick") == "failed", "\(up.text(of: .standardError))")
            #expect(ps.exitcode("quick") == 3)
            _ = try sandbox.muster(["start", "quick", "-f", "m.yaml"])
        }
        #expect(!up.text(of: .standardError).contains("lost"), "\(up.text(of: .standardError))")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func stopStartAndRestartActOnOneEntryWhileTheRunGoesOn() throws {
        let port = try ServiceSupport.freePort()
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  svc: \(Self.sleeper)
                  web: \(Self.webServer(port: port))
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: web ready after") } != nil, "web never got ready")
        let before = try sandbox.ps()
        let svcPid = try #require(before.pid("svc"))
        let webPid = try #require(before.pid("web"))

        // stop: answers once svc has ended, terminated by SIGTERM.
        let stop = try sandbox.muster(["stop", "svc", "-f", "m.yaml"])
        #expect(stop.status == 0, "\(stop.stderr)")
        let stopped = try #require(ControlSupport.row("svc", in: stop.stdout), "\(stop.stdout)")
        #expect(Array(stopped.prefix(6)) == ["svc", "yes", String(svcPid), "no", "-15", "terminated"], "\(stop.stdout)")
        #expect(!processIsAlive(svcPid), "svc (pid \(svcPid)) is still alive after muster stop")
        let afterStop = try sandbox.ps()
        #expect(afterStop.status("svc") == "terminated")
        #expect(afterStop.exitcode("svc") == -15)
        #expect(afterStop["svc"]?["alive"] as? Bool == false)
        #expect(afterStop.status("web") == "running", "stopping svc touched web")
        #expect(afterStop.pid("web") == webPid)
        #expect(up.isRunning, "the run ended when svc was stopped")

        // Stopping it again, or a name that is not there, is refused.
        let again = try sandbox.muster(["stop", "svc", "-f", "m.yaml"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("svc is not running (terminated)"), "\(again.stderr)")
        let typo = try sandbox.muster(["stop", "svx", "-f", "m.yaml"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("no process named 'svx'") && typo.stderr.contains("did you mean 'svc'?"), "\(typo.stderr)")

        // start: a new instance, running.
        let start = try sandbox.muster(["start", "svc", "-f", "m.yaml"])
        #expect(start.status == 0, "\(start.stderr)")
        let afterStart = try sandbox.ps()
        let newSvcPid = try #require(afterStart.pid("svc"))
        #expect(newSvcPid != svcPid)
        #expect(afterStart.status("svc") == "running")
        #expect(afterStart["svc"]?["alive"] as? Bool == true)
        #expect(afterStart.isNull("svc", "exitcode") || afterStart["svc"]?["exitcode"] == nil, "a running entry has no exit code")
        #expect(ControlSupport.processGroup(of: newSvcPid) == newSvcPid)
        #expect(ControlSupport.row("svc", in: start.stdout)?[2] == String(newSvcPid), "\(start.stdout)")
        let twice = try sandbox.muster(["start", "svc", "-f", "m.yaml"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("svc is already running (pid \(newSvcPid))"), "\(twice.stderr)")

        // restart: a new web, answered only once it is ready (it serves at once).
        let restartsBefore = try #require(afterStart["web"]?["restarts"] as? Int)
        let restart = try sandbox.muster(["restart", "web", "-f", "m.yaml"])
        #expect(restart.status == 0, "\(restart.stderr)")
        let served = try python(
            "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).status)", ["http://127.0.0.1:\(port)/"])
        #expect(served.status == 0 && served.output.contains("200"), "web was not serving when restart answered: \(served.output)")
        let restartedRow = try #require(ControlSupport.row("web", in: restart.stdout), "\(restart.stdout)")
        #expect(restartedRow[5] == "running" && restartedRow[6] == "yes", "\(restart.stdout)")
        let afterRestart = try sandbox.ps()
        let newWebPid = try #require(afterRestart.pid("web"))
        #expect(newWebPid != webPid)
        #expect(restartedRow[2] == String(newWebPid), "\(restart.stdout)")
        #expect(!processIsAlive(webPid), "the old web (pid \(webPid)) is still alive")
        #expect(afterRestart["web"]?["restarts"] as? Int == restartsBefore + 1)
        #expect(afterRestart.status("web") == "running")
        #expect(afterRestart["web"]?["ready"] as? Bool == true)
        #expect(afterRestart.pid("svc") == newSvcPid, "restarting web touched svc")

        up.send(SIGTERM)
        let result = up.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("muster: stopping svc (muster stop)"), "\(result.stderr)")
        #expect(result.stderr.contains("muster: starting svc (muster start)"), "\(result.stderr)")
        #expect(result.stderr.contains("muster: restarting web (muster restart)"), "\(result.stderr)")
        #expect(ServiceSupport.events("muster: web ready after", in: result.stderr).count == 2, "\(result.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.outcome == "succeeded")
        #expect(report.pid("svc") == newSvcPid)
        #expect(report.pid("web") == newWebPid)
        #expect(!processIsAlive(newSvcPid) && !processIsAlive(newWebPid))
    }

    // MARK: - logs

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func logsPrintsAnEntrysLastLinesAndFollowsNewOnes() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  talk:
                    command: 'echo one; echo two; echo three; while :; do read line < fifo && echo "heard $line"; done'
                    daemon: true
                  quiet: \(Self.sleeper)
                """)
        defer { sandbox.remove() }
        try makeFIFO("fifo", in: sandbox.folder)
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardOutput) { $0.hasPrefix("talk") && $0.hasSuffix("| three") } != nil)

        let last = try sandbox.muster(["logs", "talk", "--file", "m.yaml", "-n", "2"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stdout == "two\nthree\n")
        let all = try sandbox.muster(["logs", "talk", "--file", "m.yaml"])
        #expect(all.stdout == "one\ntwo\nthree\n")
        let unknown = try sandbox.muster(["logs", "tlak", "--file", "m.yaml"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no process named 'tlak'"), "\(unknown.stderr)")

        // Following: the kept line first, then each new line as talk writes it.
        let follow = try sandbox.start(["logs", "talk", "--file", "m.yaml", "-n", "1", "-f"], watchdog: 30)
        defer { follow.shutDown() }
        #expect(follow.waitForLine(on: .standardOutput) { $0 == "three" } != nil, "\(follow.text(of: .standardError))")
        try ControlSupport.writeToFIFO(sandbox.folder.path + "/fifo", "hello\n")
        #expect(follow.waitForLine(on: .standardOutput) { $0 == "heard hello" } != nil, "logs -f did not follow: \(follow.text(of: .standardOutput))")
        #expect(follow.isRunning, "logs -f ended after one line")
        follow.send(SIGTERM)
        let followed = follow.finish()
        #expect(followed.stdout == "three\nheard hello\n")

        let now = try sandbox.muster(["logs", "talk", "--file", "m.yaml", "-n", "2"])
        #expect(now.stdout == "three\nheard hello\n")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func logsFollowEndsWhenTheRunIsDown() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardOutput) { $0 == "svc | up" } != nil)
        let follow = try sandbox.start(["logs", "svc", "--file", "m.yaml", "-f"], watchdog: 30)
        defer { follow.shutDown() }
        #expect(follow.waitForLine(on: .standardOutput) { $0 == "up" } != nil)
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
        let followed = follow.finish()
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.stdout == "up\n")
        #expect(up.finish().status == 0)
    }

    // MARK: - down

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func downShutsTheRunDownCleanlyWritesTheReportAndRemovesTheControlFiles() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  db: \(Self.sleeper)
                  app: {command: "echo up; exec sleep 120", daemon: true, depends_on: [db]}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: app started") } != nil)
        let ps = try sandbox.ps()
        let pids = try ["db", "app"].map { try #require(ps.pid($0)) }
        #expect(sandbox.controlFiles().contains { $0.hasSuffix(".sock") }, "\(sandbox.controlFiles())")
        #expect(sandbox.controlFiles().contains { $0.hasSuffix(".key") }, "\(sandbox.controlFiles())")

        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stderr.contains("shutting down"), "\(down.stderr)")
        let result = up.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("muster: shutting everything down (muster down)"), "\(result.stderr)")
        // Dependents before their dependencies.
        let stopApp = try #require(ServiceSupport.index(of: "muster: stopping app", in: result.stderr), "\(result.stderr)")
        let stopDb = try #require(ServiceSupport.index(of: "muster: stopping db", in: result.stderr), "\(result.stderr)")
        #expect(stopApp < stopDb)

        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.outcome == "succeeded")
        #expect(report.exitCode == 0)
        for name in ["db", "app"] {
            #expect(report.status(name) == "terminated", "\(name): \(report.reason(name) ?? "")")
            #expect(report.exitcode(name) == -15, "\(name)")
            #expect(report[name]?["alive"] as? Bool == false, "\(name)")
        }
        for pid in pids { #expect(!processIsAlive(pid), "pid \(pid) outlived muster down") }
        #expect(sandbox.controlFiles().filter { $0.hasSuffix(".sock") || $0.hasSuffix(".key") }.isEmpty, "\(sandbox.controlFiles())")
        #expect(sandbox.controlFiles().isEmpty, "control files left behind: \(sandbox.controlFiles())")

        let after = try sandbox.muster(["ps", "-f", "m.yaml"])
        #expect(after.status == 1)
    }

    // MARK: - The key

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aClientWithoutTheKeyIsRefusedAndTheControlFilesArePrivate() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started") } != nil)
        let socket = try sandbox.controlFile(endingWith: ".sock")
        let keyFile = try sandbox.controlFile(endingWith: ".key")

        #expect(ControlSupport.type(of: socket) == S_IFSOCK)
        #expect(ControlSupport.mode(of: socket) == 0o600, "socket mode \(String(ControlSupport.mode(of: socket) ?? 0, radix: 8))")
        #expect(ControlSupport.type(of: keyFile) == S_IFREG)
        #expect(ControlSupport.mode(of: keyFile) == 0o600, "key mode \(String(ControlSupport.mode(of: keyFile) ?? 0, radix: 8))")
        #expect(ControlSupport.type(of: sandbox.controlFolder) == S_IFDIR)
        #expect(ControlSupport.mode(of: sandbox.controlFolder) == 0o700, "folder mode \(String(ControlSupport.mode(of: sandbox.controlFolder) ?? 0, radix: 8))")
        let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count == 64 && key.allSatisfy(\.isHexDigit), "key file: \(key.count) characters")

        // A wrong answer to the challenge: refused, and nothing more is served.
        let refused = try python(ControlSupport.handWrittenClient, [socket, "-"])
        #expect(refused.status == 0, "\(refused.output)")
        let lines = ControlSupport.jsonLines(refused.output)
        try #require(lines.count == 3, "\(refused.output)")
        let greeting = try #require(lines[0], "\(refused.output)")
        #expect(greeting["muster"] as? Int == 1)
        let challenge = greeting["challenge"] as? String ?? ""
        #expect(challenge.count == 64 && challenge.allSatisfy(\.isHexDigit), "\(refused.output)")
        let answer = try #require(lines[1], "\(refused.output)")
        #expect(answer["ok"] as? Bool == false, "\(refused.output)")
        #expect((answer["error"] as? String ?? "").contains("authentication failed"), "\(refused.output)")
        #expect(refused.output.hasSuffix("EOF\n"), "the server went on after a failed handshake: \(refused.output)")

        // The right HMAC of the challenge under the key is accepted (so the refusal was the key's).
        let accepted = try python(ControlSupport.handWrittenClient, [socket, key])
        let acceptedLines = ControlSupport.jsonLines(accepted.output)
        try #require(acceptedLines.count == 3, "\(accepted.output)")
        #expect(acceptedLines[1]?["ok"] as? Bool == true, "\(accepted.output)")
        #expect((acceptedLines[2]?["processes"] as? [[String: Any]])?.first?["name"] as? String == "svc", "\(accepted.output)")

        // muster ps pointed at the socket, with a wrong key in the environment.
        let wrongKey = try sandbox.muster(
            ["ps"], environment: ["MUSTER_CONTROL_SOCKET": socket, "MUSTER_AUTHKEY": String(repeating: "ab", count: 32)])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("authentication failed"), "\(wrongKey.stderr)")
        #expect(wrongKey.stdout.isEmpty, "\(wrongKey.stdout)")
        let noKey = try sandbox.muster(["ps"], environment: ["MUSTER_CONTROL_SOCKET": socket])
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("authentication failed"), "\(noKey.stderr)")
        // …and with the right one it works.
        let rightKey = try sandbox.muster(["ps", "--json"], environment: ["MUSTER_CONTROL_SOCKET": socket, "MUSTER_AUTHKEY": key])
        #expect(rightKey.status == 0, "\(rightKey.stderr)")
        #expect(try Report(text: rightKey.stdout).names == ["svc"])
        #expect(up.isRunning)
    }

    // MARK: - One run per manifest

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSecondUpOfTheSameManifestIsRefusedNamingThePidOfTheFirst() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: {command: \"echo $$$$ >> starts; exec sleep 120\", daemon: true}\n")
        defer { sandbox.remove() }
        let first = try sandbox.up()
        defer { first.shutDown() }
        #expect(first.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started") } != nil)

        let second = try sandbox.muster(["up", "-f", "m.yaml"])
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("already running (muster pid \(first.pid))"), "\(second.stderr)")
        #expect(!second.stderr.contains("svc started"), "the second run started svc: \(second.stderr)")
        #expect(lines(of: "starts", in: sandbox.folder).count == 1, "svc was started twice")
        // The first run is untouched and still answers.
        #expect(first.isRunning)
        #expect(try sandbox.ps().json["muster_pid"] as? Int == Int(first.pid))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSocketLeftByAKilledRunIsReplacedByTheNextRun() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let first = try sandbox.up()
        defer { first.shutDown() }
        let started = try #require(first.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started (pid ") })
        let orphan = try #require(ServiceSupport.pid(inStartedEvent: started))
        // svc may outlive a SIGKILLed muster for a moment; whatever is left of it goes at the end.
        defer { if processIsAlive(orphan), ControlSupport.processGroup(of: orphan) == orphan { kill(-orphan, SIGKILL) } }
        let socket = try sandbox.controlFile(endingWith: ".sock")

        first.send(SIGKILL)
        #expect(first.finish().status == 128 + SIGKILL)
        #expect(ControlSupport.type(of: socket) == S_IFSOCK, "the killed run left no socket to be stale")
        let nobody = try sandbox.muster(["ps", "-f", "m.yaml"])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("no muster run of"), "\(nobody.stderr)")

        let second = try sandbox.up()
        defer { second.shutDown() }
        let restarted = try #require(
            second.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started (pid ") }, "\(second.text(of: .standardError))")
        let ps = try sandbox.ps()
        #expect(ps.json["muster_pid"] as? Int == Int(second.pid))
        #expect(ps.pid("svc") == ServiceSupport.pid(inStartedEvent: restarted))
        #expect(ps.pid("svc") != orphan)
        #expect(ps.status("svc") == "running")
        second.send(SIGTERM)
        let result = second.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.controlFiles().isEmpty, "\(sandbox.controlFiles())")
    }

    /// The socket's path is longer than a Unix socket address holds (108 bytes) when
    /// XDG_RUNTIME_DIR is deep; the run must still clean up after itself so the next one starts.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDeepRuntimeFolderStillLeavesNoControlFilesAndTheNextRunStarts() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let deep = sandbox.runtime.path + "/" + String(repeating: "d", count: 80)
        try #require(mkdir(deep, 0o700) == 0)
        for round in 1...2 {
            let up = try sandbox.start(["up", "-f", "m.yaml"], environment: ["XDG_RUNTIME_DIR": deep])
            defer { up.shutDown() }
            let started = up.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started") }
            try #require(started != nil, "round \(round): \(up.finish().stderr)")
            let ps = try sandbox.muster(["ps", "-f", "m.yaml"], environment: ["XDG_RUNTIME_DIR": deep])
            #expect(ps.status == 0, "round \(round): \(ps.stderr)")
            let down = try sandbox.muster(["down", "-f", "m.yaml"], environment: ["XDG_RUNTIME_DIR": deep])
            #expect(down.status == 0, "round \(round): \(down.stderr)")
            let result = up.finish()
            #expect(result.status == 0, "round \(round): \(result.stderr)")
            let left = ((try? FileManager.default.subpathsOfDirectory(atPath: deep)) ?? []).filter { $0 != "muster" }
            #expect(left.isEmpty, "round \(round): control files left behind: \(left)")
            // Wherever muster put the socket (the client names it), nothing of the run is left there.
            let after = try sandbox.muster(["ps", "-f", "m.yaml"], environment: ["XDG_RUNTIME_DIR": deep])
            #expect(after.status == 1)
            let named = after.stderr.components(separatedBy: "nothing listens on ").last?.prefix { $0 != ")" }
            let socket = try #require(named.map(String.init), "\(after.stderr)")
            #expect(socket.hasSuffix(".sock") && socket.utf8.count < 108, "\(socket)")
            let base = String(socket.dropLast(".sock".count))
            for suffix in [".sock", ".key", ".lock"] {
                #expect(ControlSupport.type(of: base + suffix) == nil, "round \(round): \(base + suffix) was left behind")
            }
        }
    }

    /// Connections that never answer the greeting (a stuck or slow client) must not keep the
    /// run from answering others, nor from running.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func idleConnectionsDoNotStopTheRunFromAnsweringOtherClients() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown(grace: 5) }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started") } != nil)
        let socket = try sandbox.controlFile(endingWith: ".sock")
        let holder = try WatchedProcess(
            ["python3", "-c", ControlSupport.idleConnections, socket, "64"], executable: "/usr/bin/env",
            in: sandbox.folder.path, environment: sandbox.environment, watchdog: 50)
        defer { holder.shutDown(SIGKILL) }
        #expect(holder.waitForLine(on: .standardOutput) { $0 == "holding 64" } != nil, "\(holder.text(of: .standardError))")

        let ps = try sandbox.muster(["ps", "-f", "m.yaml"], watchdog: 10)
        #expect(ps.status == 0, "muster ps got no answer while 64 connections sat idle (exit \(ps.status)): \(ps.stderr)")
        #expect(ControlSupport.row("svc", in: ps.stdout)?[5] == "running", "\(ps.stdout)")
    }

    // MARK: - Entries stopped and started by hand

    /// `up` runs until SIGINT/SIGTERM or `muster down` (SPEC §3): stopping its only daemon by hand
    /// must not end it, or `muster start` could never bring the daemon back.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func stoppingTheOnlyDaemonOfUpKeepsTheRunGoingForStart() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: svc started") } != nil)
        let stop = try sandbox.muster(["stop", "svc", "-f", "m.yaml"])
        #expect(stop.status == 0, "\(stop.stderr)")
        let start = try sandbox.muster(["start", "svc", "-f", "m.yaml"])
        #expect(start.status == 0, "muster start after muster stop: \(start.stderr)\nmuster up:\n\(up.text(of: .standardError))")
        #expect(ControlSupport.row("svc", in: start.stdout)?[5] == "running", "\(start.stdout)")
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(up.finish().status == 0)
    }

    /// `muster restart` answers once the entry is ready again; when the new instance never gets
    /// ready the restart failed, and the client says so with exit 1.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func restartExitsOneWhenTheNewInstanceNeverGetsReady() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  other: \(Self.sleeper)
                  web: {command: "exec sleep 120", daemon: true, ready: {exec: "test -f healthy", interval: 50ms, timeout: 1s}}
                """)
        defer { sandbox.remove() }
        sandbox.folder.write("healthy", "")
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: web ready after") } != nil)
        unlink(sandbox.folder.path + "/healthy")

        let restart = try sandbox.muster(["restart", "web", "-f", "m.yaml"])
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: web failed: not ready after 1s") } != nil)
        #expect(restart.status == 1, "restart of a web that never got ready exited \(restart.status):\n\(restart.stdout)")
        #expect(restart.stderr.contains("not ready after 1s"), "\(restart.stderr)")
    }

    // MARK: - From inside a run

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anEntryRunningMusterPsWithNoFlagsSeesItsOwnRun() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  svc: \(Self.sleeper)
                  query: {command: "muster ps --json > out.json; echo $$$$ > query.pid", depends_on: [svc]}
                """)
        defer { sandbox.remove() }
        // A muster.yaml in the entry's folder must not matter: it is the run that counts.
        sandbox.folder.write("muster.yaml", "processes:\n  other: {command: \"true\"}\n")
        let up = try sandbox.up(environment: ["PATH": sandbox.pathWithMuster])
        defer { up.shutDown() }
        let ended = up.waitForLine(on: .standardError) { $0.hasPrefix("muster: query exited") }
        #expect(ended?.hasPrefix("muster: query exited 0") == true, "\(up.text(of: .standardError))")

        let seen = try Report(path: sandbox.folder.path + "/out.json")
        #expect(seen.names.sorted() == ["query", "svc"])
        #expect(seen.status("query") == "running")
        #expect(seen["query"]?["alive"] as? Bool == true)
        #expect(seen.pid("query") == pidFile("query.pid", in: sandbox.folder))
        #expect(seen.status("svc") == "running")
        #expect(seen.json["muster_pid"] as? Int == Int(up.pid))

        up.send(SIGTERM)
        let result = up.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.status("query") == "succeeded")
    }

    // MARK: - No run, and the key never shown

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func psWithNoRunGoingExitsOneWithAClearMessage() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: \(Self.sleeper)\n")
        defer { sandbox.remove() }
        let ps = try sandbox.muster(["ps", "-f", "m.yaml"])
        #expect(ps.status == 1)
        #expect(ps.stdout.isEmpty, "\(ps.stdout)")
        #expect(ps.stderr.contains("no muster run of") && ps.stderr.contains("m.yaml is going"), "\(ps.stderr)")
        #expect(ps.stderr.contains("muster up"), "the message does not say how to start one: \(ps.stderr)")

        let noManifest = try sandbox.muster(["ps"])
        #expect(noManifest.status == 1)
        #expect(noManifest.stderr.contains("no muster.yaml"), "\(noManifest.stderr)")

        for command in [["stop", "svc"], ["start", "svc"], ["restart", "svc"], ["down"], ["logs", "svc", "--file"]] {
            let arguments = command.last == "--file" ? command + ["m.yaml"] : command + ["-f", "m.yaml"]
            let result = try sandbox.muster(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("no muster run of"), "\(arguments): \(result.stderr)")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theAuthkeyReachesEntriesButIsNeverPrinted() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  svc: \(Self.sleeper)
                  leak: {command: 'printf %s "$MUSTER_AUTHKEY" > key.txt; printf %s "$MUSTER_CONTROL_SOCKET" > socket.txt; echo "I am $MUSTER_NAME"'}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.start(["up", "-f", "m.yaml", "--json", "report.json", "--junit", "junit.xml"])
        defer { up.shutDown() }
        let ended = up.waitForLine(on: .standardError) { $0.hasPrefix("muster: leak exited") }
        #expect(ended?.hasPrefix("muster: leak exited 0") == true, "\(up.text(of: .standardError))")
        let key = try String(contentsOfFile: sandbox.folder.path + "/key.txt", encoding: .utf8)
        try #require(key.count == 64 && key.allSatisfy(\.isHexDigit), "MUSTER_AUTHKEY: \(key.count) characters")
        let socket = try sandbox.controlFile(endingWith: ".sock")
        #expect(try String(contentsOfFile: sandbox.folder.path + "/socket.txt", encoding: .utf8) == socket)
        let keyFile = try String(contentsOfFile: try sandbox.controlFile(endingWith: ".key"), encoding: .utf8)
        #expect(keyFile.trimmingCharacters(in: .whitespacesAndNewlines) == key, "the key file is not the entries' key")
        #expect(up.waitForLine(on: .standardOutput) { $0 == "leak | I am leak" } != nil)

        let psJSON = try sandbox.muster(["ps", "-f", "m.yaml", "--json"])
        let psTable = try sandbox.muster(["ps", "-f", "m.yaml"])
        let logs = try sandbox.muster(["logs", "leak", "--file", "m.yaml"])
        #expect(psJSON.status == 0 && psTable.status == 0 && logs.status == 0)
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
        let result = up.finish()
        #expect(result.status == 0, "\(result.stderr)")
        let reportText = try String(contentsOfFile: sandbox.folder.path + "/report.json", encoding: .utf8)
        let junit = try String(contentsOfFile: sandbox.folder.path + "/junit.xml", encoding: .utf8)

        let shown: [(String, String)] = [
            ("muster up's stdout", result.stdout), ("muster up's stderr", result.stderr), ("the --json report", reportText), ("the JUnit report", junit),
            ("muster ps --json", psJSON.stdout + psJSON.stderr), ("muster ps", psTable.stdout + psTable.stderr),
            ("muster logs", logs.stdout + logs.stderr), ("muster down", down.stdout + down.stderr),
        ]
        for (what, text) in shown {
            #expect(!text.lowercased().contains(key.lowercased()), "\(what) shows the authkey")
            #expect(!text.lowercased().contains(key.prefix(16).lowercased()), "\(what) shows part of the authkey")
        }
        // The report names the key only by its fingerprint.
        let report = try Report(text: reportText)
        let fingerprint = try python(
            "import hashlib, sys; print('sha256:' + hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:16])", [key])
        #expect(report.json["authkey_fingerprint"] as? String == fingerprint.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
