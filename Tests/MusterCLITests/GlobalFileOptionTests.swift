import Foundation
import MusterTestSupport
import Testing

/// `-f` names the manifest everywhere: before the command (`muster -f m.yaml check`, as in
/// docker compose), and as `--file` after every command.
struct GlobalFileOptionTests {
    static let manifest = "processes:\n  alpha: {command: \"true\"}\n  beta: {command: \"true\", depends_on: [alpha]}\n"

    /// Every spelling of the global option: `-f m.yaml`, `--file m.yaml`, `--file=m.yaml`, `-fm.yaml`.
    static let spellings: [[String]] = [["-f", "m.yaml"], ["--file", "m.yaml"], ["--file=m.yaml"], ["-fm.yaml"]]

    @Test(arguments: spellings)
    func checkReadsTheManifestGivenBeforeTheCommand(_ option: [String]) throws {
        let sandbox = ControlSandbox(manifest: Self.manifest)
        defer { sandbox.remove() }
        let outcome = try MusterBinary.run(
            option + ["check"], in: sandbox.folder.path, environment: sandbox.environment)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError == "m.yaml: ok, 2 processes in 2 stages\n")
    }

    @Test func planReadsTheManifestGivenBeforeTheCommand() throws {
        let sandbox = ControlSandbox(manifest: Self.manifest)
        defer { sandbox.remove() }
        let outcome = try MusterBinary.run(
            ["-f", "m.yaml", "plan", "--format", "mermaid", "beta"], in: sandbox.folder.path,
            environment: sandbox.environment)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("alpha"))
        #expect(outcome.standardOutput.contains("beta"))
    }

    @Test func aControlCommandLooksForTheRunOfTheManifestGivenBeforeIt() throws {
        let sandbox = ControlSandbox(manifest: Self.manifest)
        defer { sandbox.remove() }
        let outcome = try MusterBinary.run(
            ["-f", "m.yaml", "ps"], in: sandbox.folder.path, environment: sandbox.environment)
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError.hasPrefix("muster: error: no muster run of \(sandbox.folder.path)/m.yaml is going"),
            "\(outcome.standardError)")
    }

    /// Each command with `--file` after it, and what shows that it read that file (the folder
    /// has no muster.yaml, so without it run, up, check and plan would fail), or, for the
    /// commands that read no manifest, that they took it (empty: nothing on standard error).
    static let fileAfterEveryCommand: [(arguments: [String], status: Int32, standardError: String)] = [
        (["run", "--file", "m.yaml", "--quiet"], 0, "hello: succeeded in"),
        (["up", "--file", "m.yaml", "--quiet"], 0, "hello: succeeded in"),
        (["check", "--file", "m.yaml"], 0, "m.yaml: ok, 2 processes in 2 stages"),
        (["plan", "--file", "m.yaml"], 0, ""),
        (["config", "--file", "m.yaml", "--services"], 0, ""),
        (["ps", "--file", "m.yaml"], 1, "/m.yaml is going"),
        (["stop", "--file", "m.yaml", "alpha"], 1, "/m.yaml is going"),
        (["start", "--file", "m.yaml", "alpha"], 1, "/m.yaml is going"),
        (["restart", "--file", "m.yaml", "alpha"], 1, "/m.yaml is going"),
        (["down", "--file", "m.yaml"], 1, "/m.yaml is going"),
        (["logs", "--file", "m.yaml", "alpha"], 1, "/m.yaml is going"),
        (["schema", "--file", "m.yaml"], 0, ""),
        (["completions", "--file", "m.yaml", "bash"], 0, ""),
    ]

    @Test(.tags(.integration), .timeLimit(.minutes(1)), arguments: fileAfterEveryCommand)
    func everyCommandTakesFileAfterIt(_ line: (arguments: [String], status: Int32, standardError: String)) throws {
        let sandbox = ControlSandbox(manifest: "name: hello\n" + Self.manifest)
        defer { sandbox.remove() }
        let outcome = try MusterBinary.run(line.arguments, in: sandbox.folder.path, environment: sandbox.environment)
        #expect(outcome.status == line.status, "\(outcome.standardError)")
        if line.standardError.isEmpty {
            #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
        } else {
            #expect(outcome.standardError.contains(line.standardError), "\(outcome.standardError)")
        }
    }

    @Test func commandsThatReadNoManifestAcceptItBeforeThemToo() throws {
        let schema = try MusterBinary.run(["-f", "nowhere.yaml", "schema"])
        #expect(schema.status == 0, "\(schema.standardError)")
        #expect(schema.standardOutput.contains("\"$schema\""))
        let help = try MusterBinary.run(["-f", "nowhere.yaml", "help", "check"])
        #expect(help.status == 0, "\(help.standardError)")
        #expect(help.standardOutput.contains("USAGE: muster check"))
    }

    /// Several manifests are merged, before the command or after it; a control command looks for
    /// the run of the first.
    @Test func severalManifestsAreMergedAndTheFirstNamesTheRun() throws {
        let sandbox = ControlSandbox(manifest: Self.manifest)
        defer { sandbox.remove() }
        sandbox.folder.write("n.yaml", "processes:\n  gamma: {command: \"true\", depends_on: [beta]}\n")
        for line in [["-f", "m.yaml", "-f", "n.yaml", "check"], ["check", "-f", "m.yaml", "--file", "n.yaml"]] {
            let outcome = try MusterBinary.run(line, in: sandbox.folder.path, environment: sandbox.environment)
            #expect(outcome.status == 0, "\(line): \(outcome.standardError)")
            #expect(outcome.standardError == "m.yaml: ok, 3 processes in 3 stages\n", "\(line)")
        }
        let ps = try MusterBinary.run(
            ["-f", "m.yaml", "ps", "-f", "n.yaml"], in: sandbox.folder.path, environment: sandbox.environment)
        #expect(ps.status == 1)
        #expect(
            ps.standardError.hasPrefix("muster: error: no muster run of \(sandbox.folder.path)/m.yaml is going"),
            "\(ps.standardError)")
    }

    @Test func aGlobalFileWithoutItsPathIsAUsageError() throws {
        let outcome = try MusterBinary.run(["-f"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == "muster: error: -f needs the manifest's path, e.g. muster -f muster.yaml up\n")
    }

    /// A live run, found by every control command through the manifest given before it.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func controlCommandsFindALiveRunThroughTheGlobalFile() throws {
        let sandbox = ControlSandbox(
            manifest: "processes:\n  svc: {command: \"echo up; exec sleep 120\", daemon: true}\n")
        defer { sandbox.remove() }
        let up = try sandbox.start(["-f", "m.yaml", "up"], in: sandbox.folder.path)
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardOutput) { $0 == "svc | up" } != nil)
        // From another folder, so the default muster.yaml cannot be what finds the run.
        let elsewhere = TemporaryDirectory()
        defer { elsewhere.remove() }
        let manifest = sandbox.folder.path + "/m.yaml"
        let ps = try sandbox.muster(["-f", manifest, "ps"], in: elsewhere.path)
        #expect(ps.status == 0, "\(ps.stderr)")
        #expect(ControlSupport.row("svc", in: ps.stdout)?.contains("running") == true, "\(ps.stdout)")
        let logs = try sandbox.muster(["--file=\(manifest)", "logs", "svc"], in: elsewhere.path)
        #expect(logs.status == 0, "\(logs.stderr)")
        #expect(logs.stdout == "up\n")
        let down = try sandbox.muster(["-f", manifest, "down"], in: elsewhere.path)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(up.finish().status == 0)
    }
}
