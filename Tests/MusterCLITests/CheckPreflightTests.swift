import Foundation
import MusterTestSupport
import Testing

/// `check` finds what `run` would refuse before starting anything — a missing `cwd`, a `log:` that
/// cannot be written — at the value, and `run` and `up` refuse it in the same words.
struct CheckPreflightTests {
    static let manifest = """
        processes:
          a: {command: pwd, cwd: nodir}
          d: {command: echo hi, log: /proc/nope/x.log}

        """

    /// The diagnostics every command prints for `manifest` in `folder`.
    static func expected(in folder: String) -> String {
        """
        m.yaml:2:26: error: the working directory \(folder)/nodir does not exist; create it or fix 'cwd'
         2 |   a: {command: pwd, cwd: nodir}
           |                          ^
        m.yaml:3:30: error: cannot create the log file /proc/nope/x.log: making a folder in /proc fails (no such file or directory)
         3 |   d: {command: echo hi, log: /proc/nope/x.log}
           |                              ^
        2 errors generated.

        """
    }

    @Test func checkReportsPreflightErrorsAtTheirValues() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest)
        let outcome = try MusterBinary.run(["check", "--no-color", "-f", "m.yaml"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.standardError == Self.expected(in: folder.path))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)), arguments: ["run", "up"])
    func runAndUpRefuseInTheSameWordsAndStartNothing(_ command: String) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest)
        let outcome = try MusterBinary.run([command, "--no-color", "-f", "m.yaml"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.standardError == Self.expected(in: folder.path))
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func aLogFileInFoldersStillToBeMadeIsFineAndCheckLeavesNoTrace() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", "processes:\n  a: {command: x, log: logs/a/out.log}\n")
        let outcome = try MusterBinary.run(["check", "-f", "m.yaml"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.yaml"])
    }

    @Test func aBinaryFileIsNotATextFileAndItsBytesAreNotShown() throws {
        let outcome = try MusterBinary.run(["check", "--no-color", "-f", "/bin/true"])
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError
                == "/bin/true:1:1: error: not a text file: it holds control characters; a manifest is YAML text in UTF-8\n1 error generated.\n"
        )
    }
}
