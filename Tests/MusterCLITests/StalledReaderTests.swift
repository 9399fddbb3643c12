import Foundation
import MusterTestSupport
import Testing

/// A reader that stops reading muster's standard output holds up the children writing to it, and
/// nothing else: timeouts, `muster stop`, other entries' `log:` files and the reaping go on.
struct StalledReaderTests {
    /// Starts muster with its standard output on a pipe it does not read for 5 s, while it reads
    /// standard error; prints one JSON object of what it saw.
    static let harness = #"""
        import json, os, subprocess, sys, threading, time
        muster, folder = sys.argv[1], sys.argv[2]
        began = time.monotonic()
        run = subprocess.Popen([muster, "run", "-f", "m.yaml", "--json", "report.json"], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ)
        events, seen = [], threading.Condition()
        def read_errors():
            for line in run.stderr:
                with seen:
                    events.append((time.monotonic() - began, line.decode(errors="replace").rstrip("\n")))
                    seen.notify_all()
        threading.Thread(target=read_errors, daemon=True).start()
        def wait_for(text, limit):
            with seen:
                seen.wait_for(lambda: any(text in line for _, line in events), timeout=limit)
                return next((at for at, line in events if text in line), None)
        timed_out_at = wait_for("slow timed out", 10)
        stop = subprocess.run([muster, "stop", "-f", "m.yaml", "svc"], cwd=folder, capture_output=True, timeout=15)
        stopped_at = time.monotonic() - began
        log_lines, log_done_at = 0, None
        while time.monotonic() - began < 10:
            try:
                log_lines = sum(1 for _ in open(os.path.join(folder, "logger.log")))
            except FileNotFoundError:
                pass
            if log_lines >= 1000:
                log_done_at = time.monotonic() - began
                break
            time.sleep(0.05)
        # The stall itself: nobody reads standard output for the first 5 seconds.
        time.sleep(max(0, 5 - (time.monotonic() - began)))
        output = run.stdout.read().decode()
        status = run.wait(timeout=60)
        flood = [line.split(" | ", 1)[1] for line in output.splitlines() if line.split(" | ", 1)[0].strip() == "flood"]
        print(json.dumps({"timed_out_at": timed_out_at, "stop_status": stop.returncode, "stop_stderr": stop.stderr.decode(),
                          "stopped_at": stopped_at, "log_lines": log_lines, "log_done_at": log_done_at,
                          "flood_lines": len(flood), "flood_in_order": flood == [str(i) for i in range(len(flood))],
                          "status": status, "events": [line for _, line in events]}))
        """#

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aStalledReaderHoldsUpNeitherTimeoutsNorStopNorLogFiles() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  flood: {command: "seq 0 199999"}
                  slow: {command: "sleep 30", timeout: 1s}
                  svc: {command: "sleep 30", daemon: true}
                  logger: {command: "seq 1 1000 >&2", log: logger.log}
                """)
        defer { sandbox.remove() }
        let harness = try WatchedProcess(
            ["-c", Self.harness, MusterBinary.path, sandbox.folder.path], executable: "/usr/bin/python3",
            in: sandbox.folder.path, environment: sandbox.environment, watchdog: 50)
        let result = harness.finish(seconds: 60)
        let data = result.stdout.split(separator: "\n").last.map { Data($0.utf8) } ?? Data()
        let seen = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(result.stderr)")
        let events = (seen["events"] as? [String] ?? []).joined(separator: "\n")
        // All of this happened while nobody read muster's standard output (the first 5 s).
        let timedOutAt = try #require(seen["timed_out_at"] as? Double, "no timeout event:\n\(events)")
        #expect(timedOutAt < 4.5, "\(events)")
        #expect(seen["stop_status"] as? Int == 0, "\(seen["stop_stderr"] ?? "")")
        #expect((seen["stopped_at"] as? Double ?? 99) < 4.5)
        #expect(seen["log_lines"] as? Int == 1000)
        #expect((seen["log_done_at"] as? Double ?? 99) < 4.5)
        // Then nothing was lost.
        #expect(seen["flood_lines"] as? Int == 200_000)
        #expect(seen["flood_in_order"] as? Bool == true)
        #expect(seen["status"] as? Int == 1, "slow timed out: \(events)")
        let report = try Report(path: sandbox.folder.path + "/report.json")
        #expect(report.status("slow") == "timed_out")
        #expect(report.status("svc") == "terminated")
        #expect(report.status("flood") == "succeeded")
    }
}
