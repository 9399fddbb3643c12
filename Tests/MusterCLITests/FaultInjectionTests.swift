import Foundation
import Glibc
import MusterTestSupport
import Testing

/// Children that misbehave on purpose: muster reports each precisely and leaves nothing behind.
struct FaultInjectionTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func crashesAndOddExitsAreReportedPrecisely() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              segfault: {command: [python3, -c, "import ctypes; ctypes.string_at(0)"]}
              abort: {command: [python3, -c, "import os; os.abort()"]}
              exit255: {command: "exit 255"}
              closed-stdout: {command: "exec >&-; echo still-here >&2; exit 0"}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.exitcode("segfault") == -11)
        #expect(run.report.exitcode("abort") == -6)
        #expect(run.report.exitcode("exit255") == 255)
        #expect(["segfault", "abort", "exit255"].allSatisfy { run.report.status($0) == "failed" })
        #expect(run.report.status("closed-stdout") == "succeeded")
        #expect(run.stderr.contains("closed-stdout | still-here\n"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func outputWithoutNewlinesIsCutIntoBoundedLines() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest("processes:\n  blob: {command: \"head -c 300000 /dev/zero | tr '\\\\0' y\"}\n", in: folder)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.hasPrefix("blob | y") })
        #expect(lines.map { $0.count - "blob | ".count } == [65536, 65536, 65536, 65536, 300000 - 4 * 65536])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aHundredGrandchildrenAndAnEscapedDaemonAreGoneAfterTheRun() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              forker: {command: "for i in $(seq 100); do sleep 300 & echo $! >> pids; done"}
              escaper: {command: "setsid sh -c 'sleep 300 & echo $$! >> pids'"}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let pids = lines(of: "pids", in: folder).compactMap { Int32($0) }
        #expect(pids.count == 101)
        #expect(pids.filter(processIsAlive).isEmpty)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDaemonThatStopsItselfIsStillShutDownAtOnce() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              frozen: {command: "echo freezing; kill -STOP $$$$; exec sleep 300", daemon: true}
              job: {command: "true", depends_on: {frozen: started}}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("frozen") == "terminated")
        #expect(run.report.exitcode("frozen") == -15)
        // Continued and terminated, not left for the 10 s grace and SIGKILL.
        #expect((run.report["frozen"]?["duration_s"] as? Double ?? 99) < 5)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDaemonThatLeavesItsProcessGroupIsStillShutDownAndItsChildKilled() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        // The daemon forks a child, makes it the leader of a new group and joins that group: its
        // own group is empty, so a signal to the group alone would reach nobody.
        folder.write(
            "mover.py",
            """
            import os, time
            child = os.fork()
            if child == 0:
                time.sleep(300)
                os._exit(0)
            os.setpgid(child, child)
            os.setpgid(0, child)
            with open("pids", "w") as f:
                f.write(f"{os.getpid()} {child} {os.getpgid(0)}\\n")
            print("moved", flush=True)
            time.sleep(300)
            """)
        let run = try runManifest(
            """
            processes:
              mover: {command: [python3, mover.py], daemon: true, ready: {log: moved, interval: 50ms}}
              job: {command: "true", depends_on: {mover: ready}}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let ids = (lines(of: "pids", in: folder).first ?? "").split(separator: " ").compactMap { Int32($0) }
        try #require(ids.count == 3)
        #expect(ids[2] == ids[1] && ids[2] != ids[0], "the daemon did not leave its group: \(ids)")
        #expect(run.report.status("mover") == "terminated")
        #expect(run.report.exitcode("mover") == -15)
        // SIGTERM reached it at once: not the 10 s grace and a SIGKILL.
        #expect((run.report["mover"]?["duration_s"] as? Double ?? 99) < 5)
        #expect(!processIsAlive(ids[1]), "the daemon's child in the new group outlived the run")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anEntryThatReadsTheTerminalFailsInsteadOfHangingTheRun() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              prompt: {command: "echo asking; read answer < /dev/tty; echo got $answer"}
              after: {command: "true", depends_on: [prompt]}
            """)
        // muster in a terminal of its own (a pty, as in an interactive shell), its output collected.
        folder.write(
            "in-terminal.py",
            """
            import os, pty, sys
            pid, terminal = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            output = b""
            while True:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            _, status = os.waitpid(pid, 0)
            sys.stdout.buffer.write(output)
            sys.exit(os.waitstatus_to_exitcode(status))
            """)
        let outcome = try MusterBinary.run(
            ["python3", "in-terminal.py", MusterBinary.path, "run", "-f", "m.yaml", "--json", "report.json"],
            in: folder.path, executable: "/usr/bin/env")
        let report = try Report(path: folder.path + "/report.json")
        #expect(outcome.status == 1, "\(outcome.standardOutput)")
        #expect(report.status("prompt") == "failed")
        #expect((report["prompt"]?["reason"] as? String ?? "").contains("stopped by SIGTTIN: it tried to read from the terminal"))
        #expect(report.status("after") == "skipped")
        #expect(!outcome.standardOutput.contains("got"))
        // Its SIGTERM goes before SIGCONT: it dies as it resumes, instead of stopping again on
        // the terminal with the SIGTERM pending until the 10 s grace ends in SIGKILL.
        #expect(report.exitcode("prompt") == -15)
        #expect((report["prompt"]?["duration_s"] as? Double ?? 99) < 5)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aGigabyteOfOutputKeepsMustersMemoryBounded() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", "processes:\n  flood: {command: \"head -c 1073741824 /dev/zero | tr '\\\\0' x | fold -w 1000\"}\n")
        // Peak RSS in KiB of muster (and its small children), its output thrown away.
        let measure = """
            import resource, subprocess, sys
            code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let outcome = try MusterBinary.run(
            ["python3", "-c", measure, MusterBinary.path, "run", "--no-color", "-f", "m.yaml"], in: folder.path,
            executable: "/usr/bin/env")
        let fields = outcome.standardOutput.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        try #require(fields.count == 2, "\(outcome.standardOutput) \(outcome.standardError)")
        let peak = fields[1]
        #expect(fields[0] == 0)
        #expect(peak < 100 * 1024, "peak RSS \(peak) KiB")
    }
}
