import MusterManifest
import MusterTestSupport
import Testing

struct EnvironmentTests {
    @Test func precedenceIsMusterThenGlobalFilesThenGlobalEnvThenEntryFilesThenEntryEnv() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("global.env", "A=global-file\nB=global-file\nC=global-file\nD=global-file\n")
        folder.write("entry.env", "C=entry-file\nD=entry-file\n")
        let loaded = loadManifest(
            """
            env_file: global.env
            env: {B: global-env, C: global-env, D: global-env}
            processes:
              a:
                command: x
                env_file: [entry.env]
                env: {D: entry-env}
            """, directory: folder.path, environment: ["A": "muster", "Z": "muster"])
        #expect(loaded.diagnostics.isEmpty)
        #expect(
            loaded.process("a")?.environment
                == ["A": "global-file", "B": "global-env", "C": "entry-file", "D": "entry-env"])
    }

    @Test func scalarsAreStringifiedAndNullPassesMustersVariableThrough() {
        let loaded = loadManifest(
            "env:\n  N: 3\n  F: 1.5\n  B: yes\n  HOME:\n  MISSING: ~\nprocesses:\n  a: {command: x}\n",
            environment: ["HOME": "/home/test"])
        #expect(loaded.process("a")?.environment == ["N": "3", "F": "1.5", "B": "yes", "HOME": "/home/test"])
    }

    @Test func dotenvFilesKnowCommentsQuotesAndExport() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "dev.env",
            """
            # a comment
            export PLAIN=value # trailing comment
            SINGLE='no ${EXPANSION} here'
            DOUBLE="line1\\nline2 ${PLAIN}"
            MULTI="first
            second"
            EMPTY=
            HASH=a#b

            """)
        let loaded = loadManifest("env_file: dev.env\nprocesses:\n  a: {command: x}\n", directory: folder.path)
        #expect(loaded.diagnostics.isEmpty)
        #expect(
            loaded.process("a")?.environment
                == [
                    "PLAIN": "value", "SINGLE": "no ${EXPANSION} here", "DOUBLE": "line1\nline2 value",
                    "MULTI": "first\nsecond", "EMPTY": "", "HASH": "a#b",
                ])
    }

    @Test func badDotenvLinesArePositionedInTheEnvFile() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("bad.env", "OK=1\nnot a pair\n1BAD=2\nQ=\"open\n")
        let loaded = loadManifest("env_file: bad.env\nprocesses:\n  a: {command: x}\n", directory: folder.path)
        let located = loaded.diagnostics.map { "\($0.location): \($0.message)" }
        #expect(
            located == [
                "bad.env:2:1: expected KEY=VALUE, found 'not a pair'",
                "bad.env:3:1: '1BAD' is not a valid variable name; use letters, digits and '_', not starting with a digit",
                "bad.env:4:3: the \" quote of 'Q' is not closed",
            ])
        #expect(loaded.sources["bad.env"] != nil)
    }

    @Test func aMissingEnvFileIsAnErrorAtItsName() {
        let source = MarkedSource("env_file: [1️⃣missing.env]\nprocesses:\n  a: {command: x}\n")
        let loaded = loadManifest(source.text, directory: "/nonexistent-dir")
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
        #expect(
            loaded.diagnostics.first?.message == "cannot read env file 'missing.env': no such file or directory")
    }

    @Test func interpolationUsesTheEntrysEnvironment() {
        let loaded = loadManifest(
            """
            env: {PORT: "8080"}
            processes:
              a:
                command: serve --port ${PORT} --user ${USER} --cost $$5 $HOME
                env: {PORT: "9090"}
                cwd: ${WORKDIR:-srv}
            """, directory: "/p", environment: ["USER": "ann", "HOME": "/home/ann"])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.command == .shell("serve --port 9090 --user ann --cost $5 $HOME"))
        #expect(loaded.process("a")?.workingDirectory == "/p/srv")
    }
}
