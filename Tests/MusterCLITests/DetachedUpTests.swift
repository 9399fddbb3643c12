import Foundation
import CMusterLinux
import Glibc
import MusterTestSupport
import Testing

/// `up -d` and `--wait`, `attach`, `down` that waits for the end, and `logs` of every entry.
struct DetachedUpTests {
    static let stack = """
        processes:
          db: {command: "echo db up; exec sleep 30", daemon: true, ready: {log: "db up"}}
          migrate: {command: "echo migrating; echo migrated", depends_on: [db]}
          web: {command: "echo serving; exec sleep 30", daemon: true, depends_on: [migrate]}
        """

    /// The pid of the muster running `m.yaml` in `sandbox` (for clean-up), from `ps --json`.
    static func musterPid(_ sandbox: ControlSandbox) -> Int32? {
        guard let result = try? sandbox.muster(["ps", "-f", "m.yaml", "--json"]),
            let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { return nil }
        return (json["muster_pid"] as? Int).map(Int32.init)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theRunInTheBackgroundReadsEveryManifestAndProfileGiven() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  base: {command: \"exec sleep 30\", daemon: true}\n")
        defer { sandbox.remove() }
        sandbox.folder.write(
            "more.yaml",
            "processes:\n  extra: {command: \"exec sleep 30\", daemon: true}\n  debug: {command: \"exec sleep 30\", daemon: true, profiles: [debug]}\n")
        let up = try sandbox.muster(["up", "-d", "--wait", "-f", "m.yaml", "-f", "more.yaml", "--profile", "debug"])
        let muster = Self.musterPid(sandbox)
        defer { if let muster { kill(muster, SIGKILL) } }
        #expect(up.status == 0, "\(up.stderr)")
        let ps = try sandbox.ps()
        #expect(ps.status("base") == "running" && ps.status("extra") == "running" && ps.status("debug") == "running")
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func upWaitReturnsOnceReadyAndDownPrintsTheSummaryAndExitsWithTheRunsStatus() throws {
        let sandbox = ControlSandbox(manifest: Self.stack)
        defer { sandbox.remove() }
        let up = try sandbox.muster(["up", "-d", "--wait", "-f", "m.yaml"])
        let muster = Self.musterPid(sandbox)
        defer { if let muster { kill(muster, SIGKILL) } }
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stderr.contains("every daemon is ready and every job has ended"), "\(up.stderr)")
        let ps = try sandbox.ps()
        #expect(ps.status("db") == "running" && ps.status("web") == "running" && ps.status("migrate") == "succeeded")
        let pids = try ["db", "web"].map { try #require(ps.pid($0)) }
        // Every entry's kept lines, merged in the order they came.
        let logs = try sandbox.muster(["logs", "--file", "m.yaml"])
        let said = logs.stdout.split(separator: "\n").map { $0.split(separator: "|", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(said == ["db up", "migrating", "migrated", "serving"], "\(logs.stdout)")
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(ControlSupport.row("web", in: down.stderr)?[4] == "terminated", "\(down.stderr)")
        #expect(down.stderr.hasSuffix("exit status 0\n"), "\(down.stderr)")
        for pid in pids { #expect(!processIsAlive(pid)) }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func upWaitFailsWithTheReasonAndLastLinesAndLeavesTheRunGoing() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  db: {command: "echo db up; exec sleep 30", daemon: true, ready: {log: "db up"}}
                  migrate: {command: "echo migrating; echo boom >&2; exit 3", depends_on: [db]}
                  web: {command: "exec sleep 30", daemon: true, depends_on: [migrate]}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.muster(["up", "-d", "--wait", "-f", "m.yaml"])
        let muster = Self.musterPid(sandbox)
        defer { if let muster { kill(muster, SIGKILL) } }
        #expect(up.status == 1, "\(up.stderr)")
        #expect(up.stderr.contains("muster: up --wait: migrate failed: exited 3"), "\(up.stderr)")
        #expect(up.stderr.contains("migrate | boom"), "\(up.stderr)")
        #expect(up.stderr.contains("the run goes on for inspection; stop it with muster down -f m.yaml"), "\(up.stderr)")
        #expect(try sandbox.ps().status("db") == "running")
        let again = try sandbox.muster(["up", "-d", "-f", "m.yaml"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("is already running (muster pid \(muster ?? 0))"), "\(again.stderr)")
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 1, "the run failed: \(down.stderr)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func attachFollowsEventsAndLinesAndEndsWithTheRun() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  svc: {command: "echo hello; read x < go; echo got $x; exec sleep 30", daemon: true}
                """)
        defer { sandbox.remove() }
        try makeFIFO("go", in: sandbox.folder)
        let up = try sandbox.muster(["up", "-d", "-f", "m.yaml"])
        let muster = Self.musterPid(sandbox)
        defer { if let muster { kill(muster, SIGKILL) } }
        try #require(up.status == 0, "\(up.stderr)")
        #expect(up.stderr.contains("is running in the background"), "\(up.stderr)")
        let attach = try sandbox.start(["attach", "-n", "1", "-f", "m.yaml"])
        defer { attach.shutDown(SIGKILL) }
        try #require(attach.waitForLine(on: .standardOutput) { $0 == "svc | hello" } != nil)
        try ControlSupport.writeToFIFO(sandbox.folder.path + "/go", "now\n")
        #expect(attach.waitForLine(on: .standardOutput) { $0 == "svc | got now" } != nil)
        let down = try sandbox.muster(["down", "-f", "m.yaml"])
        #expect(down.status == 0, "\(down.stderr)")
        let attached = attach.finish()
        #expect(attached.status == 0)
        #expect(attached.stderr.contains("muster: stopping svc"), "\(attached.stderr)")
        #expect(attached.stderr.hasSuffix("muster: the run ended (exit 0)\n"), "\(attached.stderr)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aKilledDetachedMusterLeavesNothingAndTheNextUpReplacesItsSocket() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  svc: {command: \"exec sleep 30\", daemon: true}\n")
        defer { sandbox.remove() }
        #expect(try sandbox.muster(["up", "-d", "-f", "m.yaml"]).status == 0)
        let muster = try #require(Self.musterPid(sandbox))
        let svc = try #require(try sandbox.ps().pid("svc"))
        // svc's end, as an event: its pidfd turns readable when it exits (ESRCH: already gone).
        let pidfd = muster_pidfd_open(svc)
        try #require(pidfd >= 0 || errno == ESRCH)
        defer { if pidfd >= 0 { close(pidfd) } }
        kill(muster, SIGKILL)
        // The watchdog kills what the run started once muster is gone.
        var ended = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        #expect(pidfd < 0 || poll(&ended, 1, 10_000) == 1, "svc outlived its SIGKILLed muster")
        #expect(!processIsAlive(svc))
        #expect(sandbox.controlFiles().contains { $0.hasSuffix(".sock") }, "the stale socket is there")
        let again = try sandbox.muster(["up", "-d", "-f", "m.yaml"])
        let second = Self.musterPid(sandbox)
        defer { if let second { kill(second, SIGKILL) } }
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try sandbox.muster(["down", "-f", "m.yaml"]).status == 0)
    }

    @Test func aManifestFromStandardInputCannotBeDetached() throws {
        let outcome = try MusterBinary.run(["up", "-d", "-f", "-"], input: "processes:\n  a: {command: \"true\"}\n")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("up -d cannot read the manifest from standard input"), "\(outcome.standardError)")
    }
}
