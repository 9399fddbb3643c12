import MusterManifest
import MusterTestSupport
import Testing

/// `extends:` (SPEC §7.3): `NAME` or `{file, process}`, merged as several files are; chains work,
/// cycles are errors; `disabled` is not inherited.
struct ExtendsTests {
    @Test func anEntryIsMergedOverTheOneItExtends() {
        let loaded = loadManifest(
            """
            processes:
              base: {command: [serve], daemon: true, env: {A: 1, B: 1}, shutdown: {signal: INT}}
              web: {extends: base, env: {B: 2}, shutdown: {timeout: 1s}}
            """)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        let web = loaded.process("web")
        #expect(web?.command == .argv(["serve"]))
        #expect(web?.daemon == true)
        #expect(web?.environment == ["A": "1", "B": "2"])
        #expect(web?.shutdown == ShutdownPolicy(signal: 2, timeout: .seconds(1)))
    }

    @Test func chainsWorkWithTheLongForm() {
        let loaded = loadManifest(
            """
            processes:
              c: {command: x, env: {C: c}, timeout: 3s}
              b: {extends: c, env: {B: b}}
              a: {extends: {process: b}, env: {A: a}}
            """)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.process("a")?.environment == ["A": "a", "B": "b", "C": "c"])
        #expect(loaded.process("a")?.timeout == .seconds(3))
    }

    @Test func aCycleIsAnErrorThatShowsIt() {
        let source = MarkedSource(
            """
            processes:
              a: {extends: 1️⃣b, command: x}
              b: {extends: c}
              c: {extends: a}
            """)
        let loaded = loadManifest(source.text)
        #expect(
            loaded.errors == ["extends cycle: a -> b -> c -> a; an entry cannot extend itself, even through others"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func anUnknownBaseIsAnErrorWithASuggestion() {
        let source = MarkedSource("processes:\n  base: {command: x}\n  web: {extends: 1️⃣bsae}\n")
        let loaded = loadManifest(source.text)
        let unknown = loaded.diagnostics.first { $0.message.contains("extends") }
        #expect(unknown?.message == "process 'web' extends 'bsae', which this manifest does not define")
        #expect(unknown?.location == source.location("1️⃣"))
        #expect(unknown?.notes.first?.message == "did you mean 'base'?")
        #expect(loaded.errors.contains("process 'web' has no 'command'; add one, e.g. command: echo hello"))
    }

    @Test func anEntryOfAnotherFileKeepsThatFilesPaths() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", "processes:\n  web: {extends: {file: lib/base.yaml, process: server}}\n")
        folder.write(
            "lib/base.yaml",
            "processes:\n  server: {extends: root, log: out.log}\n  root: {command: x, cwd: data, env_file: [base.env]}\n")
        folder.write("lib/base.env", "FROM_BASE=1\n")
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["web"])
        let web = loaded.process("web")
        #expect(web?.workingDirectory == folder.path + "/lib/data")
        #expect(web?.logFile == folder.path + "/lib/out.log")
        #expect(web?.environment == ["FROM_BASE": "1"])
    }

    @Test func aCycleThroughFilesIsAnError() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", "processes:\n  web: {extends: {file: other.yaml, process: x}}\n")
        folder.write("other.yaml", "processes:\n  x: {extends: {file: muster.yaml, process: web}}\n")
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(
            loaded.errors.contains(
                "extends cycle: x (other.yaml) -> web (muster.yaml) -> x (other.yaml); an entry cannot extend itself, even through others"
            ), "\(loaded.errors)")
    }

    @Test func aDisabledTemplateCanBeExtendedAndNeedsNoCommand() {
        let loaded = loadManifest(
            """
            processes:
              template: {disabled: true, env: {LEVEL: debug}, restart: on-failure}
              worker: {extends: template, command: work}
            """)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["worker"])
        #expect(loaded.process("worker")?.restart.mode == .onFailure)
        #expect(loaded.process("worker")?.disabled == false)
    }

    @Test func resetInTheEntryRemovesWhatTheBaseSets() {
        let loaded = loadManifest(
            """
            processes:
              db: {command: x, daemon: true}
              base: {command: x, depends_on: [db], timeout: 5s}
              lone:
                extends: base
                depends_on: !reset []
                timeout: !reset
            """)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.process("lone")?.dependencies.isEmpty == true)
        #expect(loaded.process("lone")?.timeout == nil)
    }

    @Test func withoutACommandAnywhereTheErrorNamesTheBase() {
        let loaded = loadManifest("processes:\n  base: {disabled: true}\n  web: {extends: base}\n")
        #expect(loaded.errors == ["process 'web' has no 'command', and neither has 'base', which it extends; add one"])
    }
}
