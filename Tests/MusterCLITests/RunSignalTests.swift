import Foundation
import Glibc
import MusterTestSupport
import Testing

/// Teardown of daemons, process groups, and SIGINT/SIGTERM to a running muster.
struct RunSignalTests {
    // MARK: Daemon teardown

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDaemonStillRunningAtTheEndIsTerminatedWithSigterm() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              service: {command: [sleep, "30"], daemon: true}
              job: {command: "echo done", depends_on: [service]}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.outcome == "succeeded")
        #expect(run.report.status("service") == "terminated")
        #expect(run.report.exitcode("service") == -15)
        #expect(run.report["service"]?["alive"] as? Bool == false)
        #expect(run.report.status("job") == "succeeded")
    }

    /// A parent (a supervisor, a CI runner) may start muster with signals blocked; muster unblocks
    /// the ones it handles. The job sends SIGTERM to muster, its parent.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func sigtermReachesMusterEvenWhenItsParentStartedItWithSignalsBlocked() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              service: {command: [sleep, "30"], daemon: true}
              job: {command: "kill -TERM $$PPID; exec sleep 30", depends_on: {service: started}, timeout: 10s}
            """)
        let blocked = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGCHLD}); os.execv(sys.argv[1], sys.argv[1:])"
        let outcome = try MusterBinary.run(
            ["-c", blocked, MusterBinary.path, "run", "-f", "m.yaml", "--json", "report.json"],
            in: folder.path, executable: "/usr/bin/python3")
        let report = try Report(path: folder.path + "/report.json")
        #expect(outcome.status == 143, "\(outcome.standardError)")
        #expect(report.status("job") == "interrupted")
        #expect(report.status("service") == "interrupted")
    }

    /// The job ends only once the daemon has said (through a FIFO) that it ignores SIGTERM.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDaemonIgnoringSigtermIsKilledAfterItsGrace() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        try makeFIFO("armed", in: folder)
        let run = try runManifest(
            """
            processes:
              stubborn:
                command: "trap '' TERM; echo yes > armed; sleep 30"
                daemon: true
                shutdown: {timeout: 300ms}
              job: {command: "read answer < armed", depends_on: [stubborn], timeout: 15s}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("stubborn") == "terminated")
        #expect(run.report.exitcode("stubborn") == -9)
        let duration = try #require(run.report.json["duration_s"] as? Double)
        #expect(duration < 10, "the grace was 300ms, the run took \(duration)s")
    }

    /// `front` depends on `back`; both trap SIGTERM and write their name when it arrives, so the
    /// file shows the order of the signals. The job ends only once both traps are set (each daemon
    /// writes to its FIFO after setting it).
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func daemonsAreStoppedInReverseDependencyOrder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        try makeFIFO("back.armed", in: folder)
        try makeFIFO("front.armed", in: folder)
        func daemon(_ name: String) -> String {
            "\"trap 'echo \(name) >> stops.log; exit 0' TERM; echo yes > \(name).armed; sleep 30 & wait\""
        }
        let run = try runManifest(
            """
            processes:
              back: {command: \(daemon("back")), daemon: true}
              front: {command: \(daemon("front")), daemon: true, depends_on: {back: started}}
              job: {command: "cat back.armed front.armed", depends_on: {front: started}, timeout: 15s}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(lines(of: "stops.log", in: folder) == ["front", "back"])
        let stopping = run.stderr.split(separator: "\n").filter { $0.hasPrefix("muster: stopping ") }
        #expect(stopping.count == 2)
        #expect(stopping.first?.hasPrefix("muster: stopping front") == true, "\(stopping)")
        #expect(stopping.last?.hasPrefix("muster: stopping back") == true, "\(stopping)")
        #expect(run.report.status("front") == "terminated")
        #expect(run.report.status("back") == "terminated")
    }

    // MARK: Process groups

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aBackgroundGrandchildIsGoneWhenMusterExits() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              spawner: {command: "sleep 300 & echo $! > grandchild.pid; echo spawned"}
            """)
        let muster = try LiveMuster(["run", "-f", "m.yaml", "--json", "report.json"], in: folder.path)
        let result = muster.finish()
        let grandchild = try #require(pidFile("grandchild.pid", in: folder))
        defer { if processIsAlive(grandchild) { kill(grandchild, SIGKILL) } }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.outputClosed, "muster's output was still held open after it exited")
        #expect(result.stdout.contains("spawner | spawned"))
        #expect(!processIsAlive(grandchild), "the grandchild \(grandchild) outlived muster")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.status("spawner") == "succeeded")
        // The entry ended with its main process, not when the grandchild let go of its pipes.
        let duration = try #require(report["spawner"]?["duration_s"] as? Double)
        #expect(duration < 10, "the grandchild held the entry for \(duration)s")
    }

    // MARK: Signals to muster

    /// A job with a background grandchild and a pending dependent, on top of a daemon; muster is
    /// signalled once the job has printed its marker.
    @Test(
        .tags(.integration), .timeLimit(.minutes(1)),
        arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func aSignalToMusterShutsEverythingDownAndWritesTheReport(_ signal: Int32, _ status: Int32, _ name: String) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              db: {command: [sleep, "30"], daemon: true}
              work: {command: "sleep 30 & echo $! > grandchild.pid; echo marker; wait", depends_on: [db]}
              after: {command: "touch after-ran", depends_on: [work]}
            """)
        let muster = try LiveMuster(["run", "-f", "m.yaml", "--json", "report.json"], in: folder.path)
        let marker = muster.waitForLine(on: .standardOutput) { $0.hasPrefix("work") && $0.hasSuffix("| marker") }
        #expect(marker != nil, "the job never printed its marker")
        muster.send(signal)
        let result = muster.finish()
        let grandchild = pidFile("grandchild.pid", in: folder)
        defer { if let grandchild, processIsAlive(grandchild) { kill(grandchild, SIGKILL) } }

        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains("\(name) received"))
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.outcome == "interrupted")
        #expect(report.exitCode == Int(status))
        #expect(report.status("work") == "interrupted")
        #expect(report.status("db") == "interrupted")
        #expect(report.status("after") == "skipped")
        #expect(!exists("after-ran", in: folder))
        for entry in ["work", "db"] {
            #expect(report[entry]?["alive"] as? Bool == false, "\(entry)")
            let pid = try #require(report.pid(entry), "\(entry) has a pid")
            #expect(!processIsAlive(pid), "\(entry) (pid \(pid)) is still alive")
        }
        let (valid, validation) = try validateReport(folder.path + "/report.json")
        #expect(valid == 0, "\(validation)")
        let orphan = try #require(grandchild)
        #expect(!processIsAlive(orphan), "the job's grandchild \(orphan) is still alive")
        // Dependents go first: the job is stopped before the daemon it depends on.
        let stopping = result.stderr.split(separator: "\n").filter { $0.hasPrefix("muster: stopping ") }
        #expect(stopping.map { $0.split(separator: " ")[2] } == ["work", "db"], "\(stopping)")
    }
}
