import Foundation
import MusterTestSupport
import Testing

/// Several manifests on the command line (SPEC §7.3): `-f` repeated, the default override file,
/// `--profile` on every command that loads a manifest, `MUSTER_PROFILES`, and `disabled`.
struct ComposeCommandTests {
    static let base = """
        name: shop
        processes:
          db: {command: echo db up, daemon: true}
          web: {command: echo web, depends_on: [db]}
          debug: {command: echo debugging, profiles: [debug], depends_on: [db]}
        """

    @Test func theOverrideFileIsMergedOverMusterYamlUnlessFilesAreNamed() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.base)
        folder.write("muster.override.yaml", "processes:\n  web: {depends_on: {db: started}, env: {LOCAL: \"1\"}}\n")
        let merged = try MusterBinary.run(["plan", "--format", "json"], in: folder.path)
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(merged.standardOutput.contains("\"db\": \"started\""), "\(merged.standardOutput)")
        let named = try MusterBinary.run(["plan", "--format", "json", "-f", "muster.yaml"], in: folder.path)
        #expect(named.standardOutput.contains("\"db\": \"ready\""), "\(named.standardOutput)")
        let check = try MusterBinary.run(["check"], in: folder.path)
        #expect(check.standardError == "muster.yaml: ok, 2 processes in 2 stages\n")
    }

    /// The second file's mistake is shown in the second file, with its line.
    @Test func aDiagnosticPointsIntoTheSecondFile() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.base)
        folder.write("local/dev.yaml", "processes:\n  web:\n    depends_on: [dbb]\n    timeout: soon\n")
        let outcome = try MusterBinary.run(["-f", "muster.yaml", "-f", "local/dev.yaml", "check", "--no-color"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError == """
                local/dev.yaml:3:18: error: process 'web' depends on unknown process 'dbb'
                 3 |     depends_on: [dbb]
                   |                  ^
                    note: did you mean 'db'?
                local/dev.yaml:4:14: error: invalid duration 'soon' for 'timeout': use a number of seconds or a number with ms, s, m or h, as in '250ms', '1.5s' or '2m'
                 4 |     timeout: soon
                   |              ^
                2 errors generated.

                """)
    }

    /// `--profile` is taken by every command that loads a manifest.
    @Test(.tags(.integration), .timeLimit(.minutes(1)), arguments: ["check", "plan", "config", "run", "up"])
    func everyCommandThatLoadsAManifestTakesProfile(_ command: String) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.base)
        let off = try MusterBinary.run([command], in: folder.path)
        let on = try MusterBinary.run([command, "--profile", "debug"], in: folder.path)
        #expect(off.status == 0, "\(off.standardError)")
        #expect(on.status == 0, "\(on.standardError)")
        // check says how many entries it found; the others show the entry.
        let seen = { (outcome: MusterBinary.Outcome) in
            (outcome.standardOutput + outcome.standardError).contains(command == "check" ? "3 processes" : "debug")
        }
        #expect(!seen(off), "\(off.standardOutput)\(off.standardError)")
        #expect(seen(on), "\(on.standardOutput)\(on.standardError)")
    }

    @Test func musterProfilesEnablesProfilesAndTheFlagWins() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.base + "\n  ci: {command: echo ci, profiles: [ci]}\n")
        let fromVariable = try MusterBinary.run(
            ["config", "--services"], in: folder.path, environment: ["MUSTER_PROFILES": "debug,ci"])
        #expect(fromVariable.standardOutput == "db\nweb\ndebug\nci\n")
        let flag = try MusterBinary.run(
            ["config", "--services", "--profile", "ci"], in: folder.path, environment: ["MUSTER_PROFILES": "debug"])
        #expect(flag.standardOutput == "db\nweb\nci\n")
        let all = try MusterBinary.run(["config", "--services", "--profile", "*"], in: folder.path)
        #expect(all.standardOutput == "db\nweb\ndebug\nci\n")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func namingAnEntryEnablesItButNotWhatItNeeds() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let result = try runManifest(Self.base, ["--quiet", "debug"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.report.names == ["db", "debug"])
        let needy = try MusterBinary.run(
            ["check", "--no-color", "-f", "-"],
            input: "processes:\n  db: {command: x, profiles: [dev]}\n  web: {command: x, depends_on: [db]}\n")
        #expect(needy.status == 2)
        #expect(
            needy.standardError.hasPrefix(
                "<stdin>:3:34: error: process 'web' depends on 'db', whose profile 'dev' is off; enable it with --profile dev (or MUSTER_PROFILES=dev)\n"
            ), "\(needy.standardError)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aDisabledEntryAndWhatNeedsItAreLeftOutWithANote() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let manifest = Self.base + "\n  legacy: {command: exit 1, disabled: true}\n  report: {command: x, depends_on: [legacy]}\n"
        let result = try runManifest(manifest, ["--quiet", "--no-color"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.report.names == ["db", "web"])
        #expect(result.stderr.hasPrefix("m.yaml:7:37: note: process 'report' is left out: it needs 'legacy', which is disabled\n"))
        let named = try MusterBinary.run(["run", "--no-color", "-f", "m.yaml", "legacy"], in: folder.path)
        #expect(named.status == 2)
        #expect(named.standardError.contains("error: process 'legacy' is disabled (disabled: true), so it cannot run"))
    }

    @Test func standardInputCanBeOneOfTheFiles() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.base)
        let outcome = try MusterBinary.run(
            ["config", "--services", "-f", "muster.yaml", "-f", "-"], in: folder.path,
            input: "processes:\n  extra: {command: x}\n  web: !reset\n")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == "db\nextra\n")
        let twice = try MusterBinary.run(["check", "-f", "-", "-f", "-"], in: folder.path, input: "")
        #expect(twice.status == 2)
        #expect(twice.standardError == "muster: error: standard input can be read once: give -f - only once\n")
    }
}
