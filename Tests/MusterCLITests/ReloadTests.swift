import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `muster reload` and `muster scale` on a running `up`: a diff applied with untouched entries
/// left running, and an invalid manifest that changes nothing.
struct ReloadTests {
    static let stack = """
        processes:
          db: {command: "exec sleep 300", daemon: true}
          api: {command: "exec sleep 301", daemon: true, depends_on: [db]}
          web: {command: "exec sleep 302", daemon: true, depends_on: [api]}
          solo: {command: "exec sleep 303", daemon: true}
        """

    /// Starts `up --no-reload` in `sandbox` and waits until `names` have started.
    static func up(_ sandbox: ControlSandbox, waitingFor names: [String]) throws -> WatchedProcess {
        let up = try sandbox.start(["up", "--no-reload", "-f", "m.yaml", "--json", "report.json"])
        for name in names {
            try #require(up.waitForLine(on: .standardError) { $0.contains("muster: \(name) started") } != nil, "\(up.text(of: .standardError))")
        }
        return up
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func reloadAddsRemovesAndRestartsChangedEntriesWithTheirDependentsAndLeavesTheRestRunning() throws {
        let sandbox = ControlSandbox(manifest: Self.stack)
        defer { sandbox.remove() }
        let up = try Self.up(sandbox, waitingFor: ["db", "api", "web", "solo"])
        defer { up.shutDown() }
        let before = try sandbox.ps()
        sandbox.folder.write(
            "m.yaml",
            """
            processes:
              db: {command: "exec sleep 300", daemon: true}
              api: {command: "exec sleep 301", daemon: true, depends_on: [db], env: {PORT: "8080"}}
              web: {command: "exec sleep 302", daemon: true, depends_on: [api]}
              extra: {command: "exec sleep 304", daemon: true, depends_on: [db]}
            """)
        let reload = try sandbox.muster(["reload", "-f", "m.yaml"])
        #expect(reload.status == 0, "\(reload.stderr)")
        #expect(reload.stdout == "+ extra\n- solo\n~ api: env.PORT\n")
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: extra started") } != nil)
        #expect(up.waitForLines(2, on: .standardError) { $0.contains("muster: web started") }.count == 2, "\(up.text(of: .standardError))")
        let after = try sandbox.ps()
        #expect(after.names == ["db", "api", "web", "extra"])
        #expect(after.pid("db") == before.pid("db"), "db was not touched")
        #expect(after.pid("api") != before.pid("api") && after.pid("web") != before.pid("web"))
        #expect(after.status("web") == "running")
        #expect(!processIsAlive(try #require(before.pid("solo"))), "solo was stopped")
        #expect(!processIsAlive(try #require(before.pid("api"))))
        up.send(SIGTERM)
        let end = up.finish()
        #expect(end.status == 0, "\(end.stderr)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.names == ["db", "api", "web", "extra"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anInvalidReloadPrintsTheDiagnosticsExits2AndChangesNothing() throws {
        let sandbox = ControlSandbox(manifest: Self.stack)
        defer { sandbox.remove() }
        let up = try Self.up(sandbox, waitingFor: ["db", "api", "web", "solo"])
        defer { up.shutDown() }
        let before = try sandbox.ps()
        sandbox.folder.write("m.yaml", "processes:\n  db: {command: \"exec sleep 300\", daemon: true, depends_on: [nope]}\n")
        let reload = try sandbox.muster(["reload", "-f", "m.yaml"])
        #expect(reload.status == 2)
        #expect(reload.stderr.contains("error: process 'db' depends on unknown process 'nope'"), "\(reload.stderr)")
        #expect(reload.stdout.isEmpty)
        let after = try sandbox.ps()
        #expect(after.names == before.names)
        for name in before.names { #expect(after.pid(name) == before.pid(name), "\(name)") }
        #expect(up.waitForLine(on: .standardError) { $0.contains("the manifest is not valid; nothing changed") } != nil)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func scaleAddsAndStopsInstancesAndRefusesUnknownEntries() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  worker: {replicas: 2, command: "echo worker $MUSTER_REPLICA; exec sleep 300", daemon: true}
                  gate: {command: "exec sleep 301", daemon: true, depends_on: [worker]}
                """)
        defer { sandbox.remove() }
        let up = try Self.up(sandbox, waitingFor: ["worker-1", "worker-2", "gate"])
        defer { up.shutDown() }
        let before = try sandbox.ps()
        let more = try sandbox.muster(["scale", "worker", "3", "-f", "m.yaml"])
        #expect(more.status == 0, "\(more.stderr)")
        #expect(more.stdout == "+ worker-3\n~ gate: depends_on\n")
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| worker 3") } != nil)
        #expect(up.waitForLines(2, on: .standardError) { $0.contains("muster: gate started") }.count == 2)
        let scaled = try sandbox.ps()
        #expect(scaled.pid("worker-1") == before.pid("worker-1") && scaled.pid("worker-2") == before.pid("worker-2"))
        #expect(!processIsAlive(try #require(before.pid("gate"))), "gate's old instance ended before the new one started")
        let unknown = try sandbox.muster(["scale", "wroker", "1", "-f", "m.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no process named 'wroker' in this run; did you mean 'worker'?"), "\(unknown.stderr)")
        let none = try sandbox.muster(["scale", "worker", "0", "-f", "m.yaml"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout == "- worker-1\n- worker-2\n- worker-3\n~ gate: depends_on\n")
        #expect(up.waitForLines(3, on: .standardError) { $0.contains("muster: gate started") }.count == 3)
        let zero = try sandbox.ps()
        #expect(zero.names == ["gate"])
        for name in ["worker-1", "worker-2"] { #expect(!processIsAlive(try #require(before.pid(name)))) }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anEntryWithNoReplicasCanBeScaledUp() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  keep: {command: "exec sleep 300", daemon: true}
                  spare: {replicas: 0, command: "exec sleep 301", daemon: true}
                """)
        defer { sandbox.remove() }
        let up = try Self.up(sandbox, waitingFor: ["keep"])
        defer { up.shutDown() }
        let scaled = try sandbox.muster(["scale", "spare", "1", "-f", "m.yaml"])
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(scaled.stdout == "+ spare-1\n")
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: spare-1 started") } != nil)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aReloadDuringTheShutdownIsIgnored() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  slow: {command: "trap 'echo stopping; read x < go; exit 0' TERM; echo up; while :; do sleep 1; done", daemon: true}
                """)
        defer { sandbox.remove() }
        try makeFIFO("go", in: sandbox.folder)
        let up = try Self.up(sandbox, waitingFor: ["slow"])
        defer { up.shutDown(SIGKILL) }
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| up") } != nil)
        up.send(SIGTERM)
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| stopping") } != nil)
        sandbox.folder.write("m.yaml", "processes:\n  other: {command: \"exec sleep 300\", daemon: true}\n")
        let reload = try sandbox.muster(["reload", "-f", "m.yaml"])
        #expect(reload.status == 1)
        #expect(reload.stderr.contains("the run is shutting down; nothing was reloaded"), "\(reload.stderr)")
        try ControlSupport.writeToFIFO(sandbox.folder.path + "/go", "go\n")
        let end = up.finish()
        #expect(!end.stderr.contains("other started"), "\(end.stderr)")
    }
}
