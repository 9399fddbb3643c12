import MusterCLI
import MusterTestSupport
import Testing

/// What the completion scripts call back for NAME arguments: the manifest the line names, and
/// its process names, read silently.
struct EntryNameCompletionTests {
    @Test func theManifestIsFoundBeforeOrAfterTheCommand() {
        let lines: [([String], String?)] = [
            (["muster", "run", ""], nil),
            (["muster", "-f", "a.yaml", "run", ""], "a.yaml"),
            (["muster", "--file=a.yaml", "stop", ""], "a.yaml"),
            (["muster", "run", "-f", "a.yaml", ""], "a.yaml"),
            (["muster", "run", "-fa.yaml", ""], "a.yaml"),
            (["muster", "up", "--file", "a.yaml", "web", ""], "a.yaml"),
            (["muster", "plan", "--file=a.yaml", ""], "a.yaml"),
            // Bash splits --file=a.yaml at the `=`.
            (["muster", "plan", "--file", "=", "a.yaml", ""], "a.yaml"),
            (["muster", "-f", "a.yaml", "run", "--file", "b.yaml", ""], "a.yaml"),
            (["muster", "run", "--", "-f", "a.yaml"], nil),
        ]
        for (words, path) in lines {
            #expect(EntryNameCompletion.manifestPath(in: words) == path, "\(words)")
        }
    }

    @Test func inLogsDashFIsFollowNotTheManifest() {
        #expect(EntryNameCompletion.manifestPath(in: ["muster", "logs", "-f", ""]) == nil)
        #expect(EntryNameCompletion.manifestPath(in: ["muster", "logs", "-f", "w"]) == nil)
        #expect(EntryNameCompletion.manifestPath(in: ["muster", "logs", "-f", "--file", "a.yaml", ""]) == "a.yaml")
        #expect(EntryNameCompletion.manifestPath(in: ["muster", "-f", "a.yaml", "logs", "-f", ""]) == "a.yaml")
    }

    @Test func aTildeIsTheHomeFolder() {
        #expect(
            EntryNameCompletion.manifestPath(in: ["muster", "run", "-f", "~/m.yaml", ""], home: "/home/u")
                == "/home/u/m.yaml")
    }

    @Test func namesComeFromTheManifestInDeclarationOrderFilteredByThePrefix() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.write(
            "m.yaml", "processes:\n  web: {command: x}\n  db: {command: y}\n  worker: {command: z}\n")
        #expect(
            EntryNameCompletion.names(words: ["muster", "run", "-f", path, ""], prefix: "", environment: [:]) == [
                "web", "db", "worker",
            ])
        #expect(
            EntryNameCompletion.names(words: ["muster", "run", "-f", path, "w"], prefix: "w", environment: [:]) == [
                "web", "worker",
            ])
    }

    @Test func aManifestWithErrorsStillGivesTheNamesItDeclares() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.write(
            "m.yaml", "processes:\n  web: {command: \"${UNSET:?set it}\"}\n  db: {command: y, depends_on: [nope]}\n")
        #expect(
            EntryNameCompletion.names(words: ["muster", "stop", "-f", path, ""], prefix: "", environment: [:]) == [
                "web", "db",
            ])
    }

    @Test func noManifestOrStandardInputGivesNoNames() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        #expect(
            EntryNameCompletion.names(
                words: ["muster", "run", "-f", folder.path + "/none.yaml", ""], prefix: "", environment: [:]) == [])
        let broken = folder.write("broken.yaml", "processes: [\n")
        #expect(
            EntryNameCompletion.names(words: ["muster", "run", "-f", broken, ""], prefix: "", environment: [:]) == [])
        // Reading standard input would hang the shell's TAB.
        #expect(EntryNameCompletion.names(words: ["muster", "run", "-f", "-", ""], prefix: "", environment: [:]) == [])
    }
}
