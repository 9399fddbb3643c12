import Foundation
import MusterTestSupport
import Testing

/// Small messages a newcomer meets: a misspelt command, a bad `-j`, a missing program.
struct CLIMessagesTests {
    @Test func aMisspeltCommandGetsDidYouMean() throws {
        let outcome = try MusterBinary.run(["chekc", "-f", "examples/hello.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == "muster: error: unknown command 'chekc'; did you mean 'check'?\n")
    }

    @Test func aNegativeJobLimitSaysItMustBeZeroOrMore() throws {
        let outcome = try MusterBinary.run(["run", "-j", "-1", "-f", "examples/hello.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("-j must be 0 or more"), "\(outcome.standardError)")
    }

    @Test func planTextHasNoTrailingSpaces() throws {
        let outcome = try MusterBinary.run(["plan", "-f", "examples/ci-pipeline.yaml"])
        #expect(outcome.status == 0)
        #expect(!outcome.standardOutput.split(separator: "\n").contains { $0.hasSuffix(" ") }, "\(outcome.standardOutput)")
    }

    @Test func logsHelpStatesItsDefaultOnce() throws {
        let outcome = try MusterBinary.run(["logs", "--help"])
        let line = try #require(outcome.standardOutput.split(separator: "\n").first { $0.hasPrefix("  -n <N>") })
        #expect(line.components(separatedBy: "1000").count == 2, "\(line)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aMissingProgramIsCommandNotFoundWithoutThePath() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest("processes:\n  a: {command: [no-such-program-x]}\n", in: folder)
        #expect(run.status == 1)
        #expect(run.report.reason("a") == "command not found: no-such-program-x")
        #expect(run.report.exitcode("a") == 127)
    }
}
