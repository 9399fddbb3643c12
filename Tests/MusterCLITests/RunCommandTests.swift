import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `muster run` end to end: names, exit codes, attributes, dependency conditions, skips, target
/// selection, `-j`, `timeout`, `--fail-fast` and preflight, on real processes.
///
/// Note: muster turns `$$` into `$` (SPEC §6), so a shell's own pid is written `$$$$`.
struct RunCommandTests {
    // MARK: Names and exit codes

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func unnamedListEntriesAreCalledProcessNByTheirPosition() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              - command: "true"
              - name: web
                command: "true"
              - command: "true"
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.names == ["Process-1", "web", "Process-3"])
        #expect(run.report.processes.allSatisfy { $0["status"] as? String == "succeeded" })
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func exitcodesFollowMultiprocessingAndEveryFailureIsFailed() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              zero: {command: "exit 0"}
              one: {command: "exit 1"}
              three: {command: "exit 3"}
              kill9: {command: "kill -9 $$$$"}
              segv: {command: "ulimit -c 0; kill -SEGV $$$$"}
              term: {command: "kill -TERM $$$$"}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.outcome == "failed")
        #expect(run.report.exitCode == 1)
        let expected: [(String, Int, String)] = [
            ("zero", 0, "succeeded"), ("one", 1, "failed"), ("three", 3, "failed"),
            ("kill9", -9, "failed"), ("segv", -11, "failed"), ("term", -15, "failed"),
        ]
        for (name, code, status) in expected {
            #expect(run.report.exitcode(name) == code, "\(name)")
            #expect(run.report.status(name) == status, "\(name)")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aProgramNotInPathExits127WithAMessageNamingTheEntry() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              ghost: {command: [no-such-program-muster-test, --flag]}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.exitcode("ghost") == 127)
        #expect(run.report.status("ghost") == "failed")
        #expect(run.stderr.contains("muster: ghost cannot start: "), "\(run.stderr)")
        #expect(run.stderr.contains("no-such-program-muster-test"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aFileWithoutTheExecuteBitExits126WithAMessageNamingTheEntry() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("script.sh", "#!/bin/sh\necho should-not-run\n")  // written 0644
        let run = try runManifest(
            """
            processes:
              script: {command: [./script.sh]}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.exitcode("script") == 126)
        #expect(run.report.status("script") == "failed")
        #expect(run.stderr.contains("muster: script cannot start: "), "\(run.stderr)")
        #expect(!run.stdout.contains("should-not-run"))
    }

    /// Executable files the kernel refuses: a binary it cannot run (ENOEXEC) is 126 and a script
    /// whose `#!` interpreter is missing is 127, as `sh -c ./file` and `bash -c ./file` say.
    @Test(
        .tags(.integration), .timeLimit(.minutes(1)),
        arguments: [("\u{7F}ELF\u{0}\u{0}\u{0}not-really-elf", 126), ("#!/no/such/interpreter\necho x\n", 127)])
    func filesTheKernelCannotExecuteGetTheShellsExitCodes(_ contents: String, _ code: Int) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        chmod(folder.write("prog", contents), 0o755)
        let run = try runManifest(
            """
            processes:
              prog: {command: [./prog]}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.status("prog") == "failed")
        #expect(run.report.exitcode("prog") == code, "exitcode: \(run.report["prog"]?["exitcode"] ?? "absent")")
        #expect(run.stderr.contains("muster: prog cannot start: "), "\(run.stderr)")
    }

    // MARK: Attributes

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func pidIsNullWhenSkippedAndDistinctWhenStartedAndNothingIsAliveAtTheEnd() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              bad: {command: "exit 1"}
              never: {command: "true", depends_on: [bad]}
              first: {command: "true"}
              second: {command: [sleep, "0.05"]}
            """, in: folder)
        #expect(run.status == 1)
        let report = run.report
        #expect(report.status("never") == "skipped")
        #expect(report.isNull("never", "pid"))
        #expect(report.isNull("never", "exitcode"))
        #expect(report.isNull("never", "sentinel"))
        let pids = ["bad", "first", "second"].compactMap { report.pid($0) }
        #expect(pids.count == 3)
        #expect(Set(pids).count == 3)
        #expect(pids.allSatisfy { $0 > 0 })
        for entry in report.processes {
            let name = entry["name"] as? String ?? "?"
            #expect(entry["alive"] as? Bool == false, "\(name)")
            #expect(entry["sentinel"] is NSNull || entry["sentinel"] is Int, "\(name)")
        }
        for name in ["bad", "first", "second"] {
            #expect(report[name]?["sentinel"] is Int, "a started entry has a sentinel: \(name)")
        }
    }

    // MARK: Dependencies

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func dependentsStartOnlyAfterTheirDependenciesEnded() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        // a -> b -> d, a -> c -> d; each writes its start and end time.
        func job(_ name: String) -> String {
            "'echo \"start \(name) $(date +%s%N)\" >> times.log; sleep 0.05; echo \"end \(name) $(date +%s%N)\" >> times.log'"
        }
        let run = try runManifest(
            """
            processes:
              d: {command: \(job("d")), depends_on: [b, c]}
              c: {command: \(job("c")), depends_on: [a]}
              b: {command: \(job("b")), depends_on: [a]}
              a: {command: \(job("a"))}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        var times: [String: Int64] = [:]
        for line in lines(of: "times.log", in: folder) {
            let parts = line.split(separator: " ")
            if parts.count == 3, let ns = Int64(parts[2]) { times["\(parts[0]) \(parts[1])"] = ns }
        }
        #expect(times.count == 8, "\(times)")
        for (dependency, dependent) in [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")] {
            let ended = try #require(times["end \(dependency)"])
            let started = try #require(times["start \(dependent)"])
            #expect(ended < started, "\(dependent) started before \(dependency) ended")
        }
        #expect(run.report.names == ["d", "c", "b", "a"], "report order is declaration order")
    }

    /// The dependency blocks on a FIFO that only its dependent writes, so it can only end if the
    /// dependent started while it was still running. Its timeout turns a bug into a failure.
    @Test(.tags(.integration), .timeLimit(.minutes(1)), arguments: ["started", "ready"])
    func startedAndReadyLetTheDependentStartWhileTheDependencyRuns(_ condition: String) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        try makeFIFO("handshake", in: folder)
        let run = try runManifest(
            """
            processes:
              server: {command: "read word < handshake; echo got-$word", timeout: 20s}
              client: {command: "echo hello > handshake", depends_on: {server: \(condition)}}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("server") == "succeeded")
        #expect(run.report.status("client") == "succeeded")
        #expect(run.stdout.contains("server | got-hello"))
        #expect((run.report["client"]?["depends_on"] as? [String: String]) == ["server": condition])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func completedRunsTheDependentAfterAFailedDependency() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              build: {command: "exit 3"}
              cleanup: {command: "echo cleaning", depends_on: {build: completed}}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.status("build") == "failed")
        #expect(run.report.status("cleanup") == "succeeded")
        #expect(run.stdout.contains("cleanup | cleaning"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func succeededSkipsTheDependentAfterAFailedDependency() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              build: {command: "exit 3"}
              deploy: {command: "touch deployed", depends_on: {build: succeeded}}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.status("deploy") == "skipped")
        #expect(run.report.reason("deploy") == "dependency build failed")
        #expect(!exists("deployed", in: folder))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func skipsSpreadTransitivelyWithReasons() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              a: {command: "exit 1"}
              b: {command: "touch b-ran", depends_on: [a]}
              c: {command: "touch c-ran", depends_on: [b]}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.outcome == "failed")
        #expect(run.report.status("a") == "failed")
        #expect(run.report.status("b") == "skipped")
        #expect(run.report.reason("b") == "dependency a failed")
        #expect(run.report.status("c") == "skipped")
        #expect(run.report.reason("c") == "dependency b was skipped")
        #expect(!exists("b-ran", in: folder) && !exists("c-ran", in: folder))
        #expect(run.stderr.contains("muster: c skipped: dependency b was skipped"))
    }

    // MARK: Target selection

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func namedTargetsRunWithTheirTransitiveDependenciesOnly() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              a: {command: "touch a-ran"}
              unrelated: {command: "touch unrelated-ran"}
              b: {command: "touch b-ran", depends_on: [a]}
              c: {command: "touch c-ran", depends_on: [b]}
              after: {command: "touch after-ran", depends_on: [c]}
            """, ["c"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.names == ["a", "b", "c"])
        #expect(exists("a-ran", in: folder) && exists("b-ran", in: folder) && exists("c-ran", in: folder))
        #expect(!exists("unrelated-ran", in: folder))
        #expect(!exists("after-ran", in: folder))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anUnknownTargetIsAUsageErrorAndNothingStarts() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", "processes:\n  a: {command: \"touch a-ran\"}\n")
        let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "nope"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("nope"), "\(outcome.standardError)")
        #expect(!exists("a-ran", in: folder))
    }

    // MARK: -j

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func jobLimitNeverRunsMoreThanTwoJobsAtOnce() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let body = "'echo \"start $(date +%s%N)\" >> slots.log; sleep 0.15; echo \"end $(date +%s%N)\" >> slots.log'"
        let run = try runManifest(
            "processes:\n" + (1...6).map { "  job\($0): {command: \(body)}\n" }.joined(), ["-j", "2"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        var events: [(time: Int64, delta: Int)] = []
        for line in lines(of: "slots.log", in: folder) {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let time = Int64(parts[1]) else { continue }
            events.append((time, parts[0] == "start" ? 1 : -1))
        }
        #expect(events.count == 12)
        // Ends before starts at the same instant.
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var running = 0, most = 0
        for event in events {
            running += event.delta
            most = max(most, running)
        }
        #expect(most <= 2, "\(most) jobs ran at once with -j 2")
        #expect(most >= 1)
        #expect(run.report.processes.allSatisfy { $0["status"] as? String == "succeeded" })
    }

    /// With `-j 1`, the daemon blocks until the job writes to it, and the job's write blocks until
    /// the daemon reads: both can only get past the FIFO if they run at the same time. If the
    /// daemon took the only slot, the job could not start and the daemon would time out.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func daemonsDoNotTakeAJobSlot() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        try makeFIFO("pipe", in: folder)
        let run = try runManifest(
            """
            processes:
              service: {command: "read word < pipe; exec sleep 30", daemon: true, timeout: 15s}
              job: {command: "echo ping > pipe", timeout: 15s}
            """, ["-j", "1"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.report.status("job") == "succeeded")
        #expect(run.report.status("service") == "terminated")
    }

    // MARK: timeout and --fail-fast

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aJobPastItsTimeoutIsTimedOutWithSigterm() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              slow: {command: [sleep, "30"], timeout: 300ms}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.outcome == "failed")
        #expect(run.report.status("slow") == "timed_out")
        #expect(run.report.exitcode("slow") == -15)
        let duration = try #require(run.report["slow"]?["duration_s"] as? Double)
        #expect(duration < 10, "the timeout stopped it (ran \(duration)s)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func failFastInterruptsRunningEntriesAndSkipsPendingOnes() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              long: {command: [sleep, "30"]}
              broken: {command: "exit 1", depends_on: {long: started}}
              later: {command: "touch later-ran", depends_on: {long: succeeded}}
            """, ["--fail-fast"], in: folder)
        #expect(run.status == 1)
        #expect(run.report.exitCode == 1)
        #expect(run.report.status("broken") == "failed")
        #expect(run.report.status("long") == "interrupted")
        #expect(run.report.exitcode("long") == -15)
        #expect(run.report.status("later") == "skipped")
        #expect(!exists("later-ran", in: folder))
        let duration = try #require(run.report.json["duration_s"] as? Double)
        #expect(duration < 10)
    }

    // MARK: Preflight

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aMissingWorkingDirectoryIsAUsageErrorAndNothingStarts() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              first: {command: "touch first-ran"}
              lost: {command: "touch lost-ran", cwd: does-not-exist}
            """)
        let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "--json", "report.json"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("does not exist"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("lost"))
        #expect(!outcome.standardError.contains("started"))
        #expect(!exists("first-ran", in: folder))
    }
}
