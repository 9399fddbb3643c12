import MusterManifest
import MusterTestSupport
import Testing

/// What a docker compose user writes: compose's key names, `version: "3.8"`, `env` as a list, and
/// a project `.env` for interpolation.
struct ComposeHabitsTests {
    @Test(arguments: [
        ("environment", "env"), ("working_dir", "cwd"), ("healthcheck", "ready"), ("entrypoint", "command"),
    ])
    func composeProcessKeysSuggestMustersNames(_ compose: String, _ muster: String) {
        let source = MarkedSource("processes:\n  a:\n    command: x\n    1️⃣\(compose): y\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.messages == ["unknown key '\(compose)' in process 'a'"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
        #expect(loaded.diagnostics.first?.notes.map(\.message) == ["did you mean '\(muster)'?"])
    }

    @Test func servicesSuggestsProcessesAndNothingMore() {
        let source = MarkedSource("1️⃣services:\n  web: {command: x}\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.messages == ["unknown key 'services' in the manifest"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
        #expect(loaded.diagnostics.first?.notes.map(\.message) == ["did you mean 'processes'?"])
    }

    @Test(arguments: ["\"3.8\"", "3.8", "'2'", "2"])
    func aComposeVersionSaysThisLooksLikeAComposeFile(_ version: String) {
        let source = MarkedSource("version: 1️⃣\(version)\nprocesses:\n  a: {command: x}\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
        #expect(loaded.diagnostics.first?.message.hasPrefix("'version' must be 1, not ") == true)
        #expect(
            loaded.diagnostics.first?.notes.first?.message.hasPrefix("this looks like a docker compose file") == true)
    }

    @Test(arguments: ["1", "1.0"])
    func versionOneIsFine(_ version: String) {
        #expect(loadManifest("version: \(version)\nprocesses:\n  a: {command: x}\n").diagnostics.isEmpty)
    }

    @Test func envTakesComposesListFormGloballyAndPerProcess() {
        let loaded = loadManifest(
            """
            env: [A=1, "B=two words", HOME, EMPTY=]
            processes:
              a:
                command: x
                env: ["C=${A}-c", D=x=y, USER]
            """, environment: ["HOME": "/home/test", "USER": "test"])
        #expect(loaded.diagnostics.isEmpty)
        #expect(
            loaded.process("a")?.environment
                == [
                    "A": "1", "B": "two words", "HOME": "/home/test", "EMPTY": "", "C": "1-c", "D": "x=y",
                    "USER": "test",
                ])
    }

    @Test func badEnvListItemsArePositioned() {
        let source = MarkedSource("env: [1️⃣1A=x, 2️⃣5, \"X=3️⃣${Y:?set Y}\"]\nprocesses:\n  a: {command: x}\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.diagnostics.map(\.location) == ["1️⃣", "2️⃣", "3️⃣"].map { source.location($0) })
        #expect(
            loaded.messages == [
                "'1A' is not a valid variable name; use letters, digits and '_', not starting with a digit",
                "each item of 'env' (NAME=VALUE or NAME) must be a string, not a number",
                "variable 'Y' is not set: set Y",
            ])
    }

    @Test func theProjectEnvFileFeedsInterpolationBelowMustersEnvironmentAndIsNotExported() {
        let envFile = ProjectEnvFile(
            path: ".env", text: Array("PORT=7000\nUSER=from-dotenv\nTOKEN=t\nURL=http://${HOST:-h}:${PORT}\n".utf8))
        let loaded = ManifestLoader.load(
            ManifestSource(
                path: "muster.yaml", directory: "/project",
                text: Array("processes:\n  a:\n    command: serve ${URL} ${USER}\n    env: {TOKEN: }\n".utf8)),
            environment: ["USER": "test"], projectEnvFile: envFile)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.command == .shell("serve http://h:7000 test"))
        // Passed through by `env: {TOKEN: }`; PORT and URL only fed interpolation.
        #expect(loaded.process("a")?.environment == ["TOKEN": "t"])
    }

    @Test func problemsInTheProjectEnvFilePointIntoIt() {
        let envFile = ProjectEnvFile(path: "app/.env", text: Array("OK=1\nnot a pair\n".utf8))
        let loaded = ManifestLoader.load(
            ManifestSource(
                path: "app/muster.yaml", directory: "/project/app", text: Array("processes:\n  a: {command: x}\n".utf8)),
            environment: [:], projectEnvFile: envFile)
        #expect(
            loaded.diagnostics.map { "\($0.location): \($0.message)" } == [
                "app/.env:2:1: expected KEY=VALUE, found 'not a pair'"
            ])
        #expect(loaded.sources["app/.env"] != nil)
    }

    @Test func theProjectEnvFileIsBesideTheManifestAndOptional() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let source = ManifestSource(path: "sub/muster.yaml", directory: folder.path + "/sub", text: [])
        #expect(try ProjectEnvFile.read(.besideManifest, for: source) == nil)
        folder.write("sub/.env", "A=1\n")
        let found = try ProjectEnvFile.read(.besideManifest, for: source)
        #expect(found?.path == "sub/.env")
        #expect(found?.text == Array("A=1\n".utf8))
        #expect(try ProjectEnvFile.read(.none, for: source) == nil)
        #expect(throws: ManifestError("cannot read the env file '\(folder.path)/nope.env': no such file or directory"))
        {
            try ProjectEnvFile.read(.file(folder.path + "/nope.env"), for: source)
        }
    }
}
