import Foundation
import MusterTestSupport
import Testing

/// In `logs`, `-f` means `--follow` (as in `tail -f` and `docker logs -f`), not the manifest; a
/// manifest given after it gets a one-line hint instead of a bare usage error.
struct LogsFollowFlagTests {
    static let hint =
        "muster: error: in 'logs', -f means --follow (as in tail -f); give the manifest with --file x.yaml or before the command: muster -f x.yaml logs web\n"

    @Test func aManifestAfterFollowGetsTheHint() throws {
        let outcome = try MusterBinary.run(["logs", "web", "-f", "x.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == Self.hint)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func theHintPutsTheEntryLastWhateverTheOrder() throws {
        let outcome = try MusterBinary.run(["logs", "-f", "x.yaml", "web"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == Self.hint)
    }

    @Test func anExistingFileWithoutAYamlSuffixLooksLikeAManifestToo() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("dev.manifest", "processes: {}\n")
        let outcome = try MusterBinary.run(["logs", "web", "-f", "dev.manifest", "-n", "5"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError
                == "muster: error: in 'logs', -f means --follow (as in tail -f); give the manifest with --file dev.manifest or before the command: muster -f dev.manifest logs web\n"
        )
    }

    @Test func otherExtraWordsAreAnOrdinaryUsageError() throws {
        for line in [["logs", "web", "-f", "other"], ["logs", "web", "x.yaml"]] {
            let outcome = try MusterBinary.run(line)
            #expect(outcome.status == 2, "\(line)")
            #expect(
                outcome.standardError.hasPrefix("Error: Unexpected argument '\(line.last!)'\nUsage: muster logs"),
                "\(line): \(outcome.standardError)")
        }
    }

    @Test func helpListsDashFAsFollow() throws {
        let outcome = try MusterBinary.run(["logs", "--help"])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("-f, --follow") }, "\(outcome.standardOutput)")
        #expect(lines.contains { $0.hasPrefix("--file <path>") }, "\(outcome.standardOutput)")
        #expect(!lines.contains { $0.hasPrefix("-f, --file") }, "\(outcome.standardOutput)")
    }

    /// `logs -f NAME` parses as follow: with no run going, it fails to connect (exit 1), which it
    /// would not reach if `-f` had taken NAME as a manifest (then NAME would be missing: exit 2).
    @Test func dashFBeforeTheNameStillFollows() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  web: {command: \"true\"}\n", file: "muster.yaml")
        defer { sandbox.remove() }
        let outcome = try MusterBinary.run(
            ["logs", "-f", "web"], in: sandbox.folder.path, environment: sandbox.environment)
        #expect(outcome.status == 1, "\(outcome.standardError)")
        #expect(
            outcome.standardError.hasPrefix(
                "muster: error: no muster run of \(sandbox.folder.path)/muster.yaml is going"),
            "\(outcome.standardError)")
    }
}
