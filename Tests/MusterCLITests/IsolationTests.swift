import Foundation
import Glibc
import MusterTestSupport
import Testing

/// What entries get from muster, and what they keep of it: no descriptors beyond 0/1/2, no
/// authkey in argv, and no life after muster is SIGKILLed.
struct IsolationTests {
    /// Blocks until a line is written to the FIFO at `path` (by a child), and returns it.
    private func readLine(fromFIFO path: String) throws -> String {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (event-driven, through pidfds) up to `seconds` for each pid to end; the ones still alive.
    private func survivors(_ pids: [Int32], within seconds: Double) throws -> [Int32] {
        let script = """
            import os, select, sys, time
            deadline = time.monotonic() + float(sys.argv[1])
            alive = []
            for pid in map(int, sys.argv[2:]):
                try:
                    fd = os.pidfd_open(pid)
                except ProcessLookupError:
                    continue
                if not select.select([fd], [], [], max(0, deadline - time.monotonic()))[0]:
                    alive.append(pid)
            print(" ".join(map(str, alive)))
            """
        let outcome = try MusterBinary.run(
            ["python3", "-c", script, String(seconds)] + pids.map(String.init), executable: "/usr/bin/env")
        return outcome.standardOutput.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func entriesAndGrandchildrenDieWithinTwoSecondsOfMusterBeingKilled() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        mkfifo(folder.path + "/pids", 0o600)
        folder.write(
            "m.yaml",
            """
            processes:
              server: {command: "sleep 300 & echo $$$$ $! > pids; wait", daemon: true}
              job: {command: "sleep 300", depends_on: {server: started}}
            """)
        let muster = Process()
        muster.executableURL = URL(fileURLWithPath: MusterBinary.path)
        muster.arguments = ["run", "--quiet", "-f", "m.yaml"]
        muster.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        muster.standardOutput = FileHandle.nullDevice
        muster.standardError = FileHandle.nullDevice
        try muster.run()
        let pids = try readLine(fromFIFO: folder.path + "/pids").split(separator: " ").compactMap { Int32($0) }
        try #require(pids.count == 2)
        kill(muster.processIdentifier, SIGKILL)
        muster.waitUntilExit()
        let left = try survivors(pids, within: 2)
        let details = left.map { pid in
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            return "\(pid): " + status.split(separator: "\n").filter { $0.hasPrefix("Name") || $0.hasPrefix("State") || $0.hasPrefix("PPid") || $0.hasPrefix("SigBlk") || $0.hasPrefix("SigIgn") }.joined(separator: ", ")
        }
        #expect(left.isEmpty, "still alive 2 s after muster was killed: \(details)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func entriesInheritOnlyStandardDescriptorsAndNoAuthkeyInArgv() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              fds: {command: [python3, -c, "import os; print(sorted(int(f) for f in os.listdir('/proc/self/fd')))"]}
              argv: {command: "cat /proc/$$$$/cmdline | tr '\\\\0' ' '; echo; printf %s \\"$MUSTER_AUTHKEY\\" > key"}
            """)
        let outcome = try MusterBinary.run(["run", "--no-color", "-f", "m.yaml", "--json", "report.json"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // python's own listing opens one descriptor (3) for the folder it reads.
        #expect(outcome.standardOutput.contains("fds  | [0, 1, 2, 3]\n"), "\(outcome.standardOutput)")
        let key = try String(contentsOfFile: folder.path + "/key", encoding: .utf8)
        #expect(key.count == 64)
        let report = try String(contentsOfFile: folder.path + "/report.json", encoding: .utf8)
        for text in [outcome.standardOutput, outcome.standardError, report] { #expect(!text.contains(key)) }
    }

    /// With many entries alive, muster's pipes are at high descriptor numbers, which the launcher
    /// moves down for the spawn (so that the child copies only the lowest descriptors): the child
    /// still gets exactly its three streams, and its output still arrives.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anEntryStartedBesideManyOthersInheritsOnlyStandardDescriptors() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let daemons = (0..<40).map { "  d\($0): {daemon: true, command: [sleep, \"60\"]}\n" }.joined()
        let waits = (0..<40).map { "d\($0): started" }.joined(separator: ", ")
        folder.write(
            "m.yaml",
            "processes:\n" + daemons
                + "  fds: {depends_on: {\(waits)}, command: [python3, -c, \"import os, sys; print(sorted(int(f) for f in os.listdir('/proc/self/fd'))); print('to stderr', file=sys.stderr)\"]}\n")
        let outcome = try MusterBinary.run(["run", "--no-color", "-f", "m.yaml"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("fds | [0, 1, 2, 3]\n"), "\(outcome.standardOutput)")
        #expect(outcome.standardError.contains("fds | to stderr\n"), "\(outcome.standardError)")
    }
}
