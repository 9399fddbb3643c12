import MusterCLI
import Testing

/// `GlobalOptions.hoist(_:)`: `-f` before the command, as in `docker compose -f x.yaml up`, is
/// moved after it as `--file`, in order, before ArgumentParser parses the line.
struct GlobalOptionsTests {
    @Test func everySpellingBeforeTheCommandBecomesFileAfterIt() {
        #expect(GlobalOptions.hoist(["-f", "x.yaml", "up"]) == .arguments(["up", "--file", "x.yaml"]))
        #expect(GlobalOptions.hoist(["--file", "x.yaml", "up"]) == .arguments(["up", "--file", "x.yaml"]))
        #expect(GlobalOptions.hoist(["--file=x.yaml", "up"]) == .arguments(["up", "--file", "x.yaml"]))
        #expect(GlobalOptions.hoist(["-fx.yaml", "up"]) == .arguments(["up", "--file", "x.yaml"]))
    }

    @Test func theCommandsOwnArgumentsFollowUnchanged() {
        #expect(
            GlobalOptions.hoist(["-f", "x.yaml", "logs", "web", "-f", "-n", "5"])
                == .arguments(["logs", "--file", "x.yaml", "web", "-f", "-n", "5"]))
        #expect(
            GlobalOptions.hoist(["-f", "x.yaml", "run", "--", "-f"])
                == .arguments(["run", "--file", "x.yaml", "--", "-f"]))
    }

    @Test func severalManifestsAreHandedOnInOrder() {
        #expect(
            GlobalOptions.hoist(["-f", "a.yaml", "--file=b.yaml", "-fc.yaml", "check"])
                == .arguments(["check", "--file", "a.yaml", "--file", "b.yaml", "--file", "c.yaml"]))
    }

    @Test func aLineWithoutLeadingFileOptionsIsUnchanged() {
        for line in [[], ["run", "-f", "x.yaml"], ["logs", "web", "-f"], ["--help"], ["---completion", "run", "--"]] {
            #expect(GlobalOptions.hoist(line) == .arguments(line), "\(line)")
        }
    }

    @Test func withoutACommandAfterThemTheyAreDropped() {
        #expect(GlobalOptions.hoist(["-f", "x.yaml"]) == .arguments([]))
        #expect(GlobalOptions.hoist(["-f", "x.yaml", "--help"]) == .arguments(["--help"]))
        #expect(GlobalOptions.hoist(["-f", "x.yaml", "--version"]) == .arguments(["--version"]))
    }

    @Test func helpTakesNoManifest() {
        #expect(GlobalOptions.hoist(["-f", "x.yaml", "help", "--man"]) == .arguments(["help", "--man"]))
        #expect(GlobalOptions.hoist(["-f", "x.yaml", "help", "run"]) == .arguments(["help", "run"]))
    }

    @Test func aMissingPathIsAUsageError() {
        #expect(
            GlobalOptions.hoist(["-f"]) == .usageError("-f needs the manifest's path, e.g. muster -f muster.yaml up"))
        #expect(
            GlobalOptions.hoist(["-f", "a.yaml", "--file"])
                == .usageError("--file needs the manifest's path, e.g. muster --file muster.yaml up"))
    }
}
