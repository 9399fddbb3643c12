import MusterTestSupport
import Testing

/// A `.env` beside the manifest feeds `${…}` as in docker compose; `--env-file F` reads another,
/// `--no-dotenv` none. muster's own environment wins, and `.env` is not given to the entries.
struct DotEnvTests {
    static let manifest = "processes:\n  a: {command: \"echo ${DOTENV_PORT:?set DOTENV_PORT} [$$DOTENV_PORT]\"}\n"

    @Test(arguments: ["check", "plan"])
    func theDotenvBesideTheManifestFeedsInterpolation(_ command: String) throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("app/muster.yaml", Self.manifest)
        folder.write("app/.env", "DOTENV_PORT=7000\n")
        let found = try MusterBinary.run([command, "-f", "app/muster.yaml"], in: folder.path)
        #expect(found.status == 0, "\(found.standardError)")
        let off = try MusterBinary.run(
            [command, "--no-color", "--no-dotenv", "-f", "app/muster.yaml"], in: folder.path)
        #expect(off.status == 2)
        #expect(
            off.standardError.hasPrefix(
                "app/muster.yaml:2:22: error: variable 'DOTENV_PORT' is not set: set DOTENV_PORT\n"))
    }

    @Test func envFilePicksAnotherFileRelativeToTheCurrentFolder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("app/muster.yaml", Self.manifest)
        folder.write("ci.env", "DOTENV_PORT=7001\n")
        let other = try MusterBinary.run(["check", "--env-file", "ci.env", "-f", "app/muster.yaml"], in: folder.path)
        #expect(other.status == 0, "\(other.standardError)")
        let missing = try MusterBinary.run(
            ["check", "--env-file", "nope.env", "-f", "app/muster.yaml"], in: folder.path)
        #expect(missing.status == 2)
        #expect(
            missing.standardError == "muster: error: cannot read the env file 'nope.env': no such file or directory\n")
        let both = try MusterBinary.run(
            ["check", "--env-file", "ci.env", "--no-dotenv", "-f", "app/muster.yaml"], in: folder.path)
        #expect(both.status == 2)
        #expect(both.standardError.contains("--env-file and --no-dotenv cannot be used together"))
    }

    @Test func problemsInTheDotenvPointIntoIt() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.manifest)
        folder.write(".env", "DOTENV_PORT=7000\nexport\n")
        let outcome = try MusterBinary.run(["check", "--no-color"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError
                == ".env:2:1: error: expected KEY=VALUE, found 'export'\n 2 | export\n   | ^\n1 error generated.\n")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func runInterpolatesFromTheDotenvButDoesNotExportIt() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", Self.manifest)
        folder.write(".env", "DOTENV_PORT=7000\n")
        let shown = try MusterBinary.run(["run", "--no-color"], in: folder.path)
        #expect(shown.standardOutput == "a | 7000 []\n", "\(shown.standardError)")
        let ownWins = try MusterBinary.run(["run", "--no-color"], in: folder.path, environment: ["DOTENV_PORT": "9"])
        #expect(ownWins.standardOutput == "a | 9 [9]\n", "\(ownWins.standardError)")
    }
}
