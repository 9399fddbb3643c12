import Foundation
import MusterTestSupport
import Testing

/// muster's event lines and the entries' lines, as one reader sees them when both go to the same
/// place (a pipe with `2>&1`, a terminal): an entry's `started` event comes before any of its
/// lines, and its end after them, restarts included.
struct EventOrderTests {
    static let manifest = """
        processes:
          a: {command: "echo a-line"}
          b: {command: "echo b-line; echo b-err >&2", depends_on: [a]}
          r: {command: "echo r-line; exit 1", restart: on-failure, max_restarts: 2, backoff: 10ms}
        """

    /// The lines about entry `name`, in order: `started`, `line` (its own output) and `ended`.
    static func story(of name: String, in output: String) -> [String] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            if line.hasPrefix("muster: \(name) started") { return "started" }
            if line.hasPrefix("muster: \(name) exited") { return "ended" }
            let parts = line.split(separator: "|", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name { return "line" }
            return nil
        }
    }

    static func expectStartsBeforeLines(_ output: String) {
        #expect(story(of: "a", in: output) == ["started", "line", "ended"], "\(output)")
        #expect(story(of: "b", in: output) == ["started", "line", "line", "ended"], "\(output)")
        #expect(story(of: "r", in: output) == Array(repeating: ["started", "line", "ended"], count: 3).flatMap { $0 }, "\(output)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func startedComesBeforeTheLinesThroughAPipe() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest)
        let outcome = try MusterBinary.run(
            ["-c", "\"$0\" run -f m.yaml 2>&1", MusterBinary.path], in: folder.path, executable: "/bin/sh")
        #expect(outcome.status == 1, "r failed for good: \(outcome.standardOutput)")
        Self.expectStartsBeforeLines(outcome.standardOutput)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func startedComesBeforeTheLinesInATerminal() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest)
        let script = #"""
            import os, pty, subprocess, sys
            controller, terminal = pty.openpty()
            run = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal)
            os.close(terminal)
            chunks = []
            while True:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            run.wait()
            sys.stdout.write(b"".join(chunks).decode(errors="replace"))
            """#
        let outcome = try MusterBinary.run(
            ["-c", script, MusterBinary.path, "run", "-f", "m.yaml"], in: folder.path, environment: ["NO_COLOR": "1"],
            executable: "/usr/bin/python3")
        #expect(outcome.standardOutput.contains("muster: a started"), "\(outcome.standardError)")
        Self.expectStartsBeforeLines(outcome.standardOutput)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func timestampsAlsoStampMustersOwnEvents() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest("processes:\n  a: {command: \"echo hi\"}\n", ["--timestamps"], in: folder)
        let stamp = #/^\d\d:\d\d:\d\d\.\d\d\d /#
        let events = run.stderr.split(separator: "\n").filter { $0.contains("muster: a ") }
        #expect(events.count == 2, "\(run.stderr)")
        for event in events { #expect(event.firstMatch(of: stamp) != nil, "\(event)") }
        #expect(run.stdout.firstMatch(of: #/^\d\d:\d\d:\d\d\.\d\d\d a \| hi$/#.anchorsMatchLineEndings()) != nil, "\(run.stdout)")
    }
}
