import MusterManifest
import MusterTestSupport
import Testing

/// Messages for common slips: under-indented fields, binary files, YAML 1.1 booleans, bare
/// numbers where a string goes, a job that restarts for ever.
struct LoaderMessagesTests {
    /// The one diagnostic of `marked`, which must stand at 1️⃣.
    private func only(_ marked: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let source = MarkedSource(marked)
        let loaded = loadManifest(source.text)
        #expect(loaded.diagnostics.count == 1, "\(loaded.messages)", sourceLocation: sourceLocation)
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"), sourceLocation: sourceLocation)
        return loaded.diagnostics.first
    }

    @Test func aProcessFieldAtTheNamesLevelIsSaidToBeIndentedTooLittle() {
        let source = MarkedSource("processes:\n  web:\n    command: x\n  depends_on: 1️⃣[db]\n")
        let loaded = loadManifest(source.text)
        let diagnostic = loaded.diagnostics.first { $0.location == source.location("1️⃣") }
        #expect(diagnostic?.message == "process 'depends_on' must be a mapping, not a list")
        #expect(
            diagnostic?.notes.map(\.message) == [
                "'depends_on' looks like a field of process 'web' above, indented too little"
            ])
    }

    @Test func aProcessNamedLikeAFieldThatIsFineGetsNoNote() {
        #expect(loadManifest("processes:\n  log: {command: x}\n").diagnostics.isEmpty)
    }

    @Test func aProcessFieldAtTheTopLevelIsSaidToBelongUnderAProcess() {
        let diagnostic = only("processes:\n  a: {command: x}\n1️⃣cwd: app\n")
        #expect(diagnostic?.message == "unknown key 'cwd' in the manifest")
        #expect(
            diagnostic?.notes.map(\.message) == [
                "'cwd' is a field of a process; indent it under the process it belongs to"
            ])
    }

    @Test(
        arguments: [
            ([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], "it holds control characters", 1),
            (Array("processes: {}\n".utf8) + [0x00, 0x01], "it holds NUL bytes", 2),
            (Array("a: ".utf8) + [0xFF, 0xFE], "it is not valid UTF-8", 1),
        ] as [([UInt8], String, Int)])
    func binaryContentIsNotATextFileAndIsNeverShown(_ bytes: [UInt8], _ reason: String, _ line: Int) {
        let loaded = ManifestLoader.load(ManifestSource(path: "bin", directory: "/", text: bytes), environment: [:])
        #expect(loaded.messages == ["not a text file: \(reason); a manifest is YAML text in UTF-8"])
        #expect(loaded.diagnostics.first?.location.line == line)
        let rendered = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics)
        #expect(!rendered.contains(" | "), "no excerpt: \(rendered)")
        #expect(rendered.unicodeScalars.allSatisfy { $0 == "\n" || (0x20..<0x7F).contains($0.value) })
    }

    @Test func aBinaryEnvFileIsRefusedWithoutShowingIt() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("bin.env", "A=\u{0}\u{1}")
        let source = MarkedSource("env_file: 1️⃣bin.env\nprocesses:\n  a: {command: x}\n")
        let loaded = loadManifest(source.text, directory: folder.path)
        #expect(loaded.messages == ["cannot read env file 'bin.env': not a text file (it holds NUL bytes)"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func yaml11BooleansWarnToWriteTrueOrFalse() {
        let diagnostic = only("processes:\n  a: {command: x, daemon: 1️⃣on}\n")
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message == "'daemon': on is YAML 1.1 for true; write true (YAML 1.2 reads on as a string)")
    }

    @Test func quotedTrueIsStillAnError() {
        #expect(only("processes:\n  a: {command: x, daemon: 1️⃣'false'}\n")?.severity == .error)
    }

    @Test func aBareNumberCommandIsAnErrorWithAHintToQuoteIt() {
        let diagnostic = only("processes:\n  a: {command: 1️⃣123}\n")
        #expect(diagnostic?.message == "'command' of process 'a' must be a string or a list of strings, not a number")
        #expect(diagnostic?.notes.map(\.message) == ["YAML reads 123 as a number; write \"123\" to mean the text"])
        #expect(
            only("processes:\n  a: {command: x, ready: {exec: 1️⃣yes}}\n")?.message
                == "'ready.exec' must be a string or a list of strings, not a boolean")
    }

    @Test func argvItemsThatAreNumbersOrBooleansAreTakenAsWritten() {
        let loaded = loadManifest("processes:\n  a: {command: [echo, 1.50, yes, 0x10]}\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.command == .argv(["echo", "1.50", "yes", "0x10"]))
    }

    @Test func anEmptyProgramIsAnError() {
        #expect(
            only("processes:\n  a: {command: [1️⃣\"\", x]}\n")?.message
                == "the program of 'command' of process 'a' is empty; the first item names what to run")
    }

    @Test(arguments: ["cwd", "log", "env_file"])
    func aNumberWhereAPathGoesIsAnError(_ field: String) {
        #expect(
            only("processes:\n  a: {command: x, \(field): 1️⃣2024}\n")?.message.hasSuffix(
                "must be a string, not a number") == true)
    }

    @Test func jobThatRestartsAlwaysWarnsThatRunNeverEnds() {
        let diagnostic = only("processes:\n  a: {command: x, restart: 1️⃣always}\n")
        #expect(diagnostic?.severity == .warning)
        #expect(
            diagnostic?.message == "a job with restart: always never lets `run` end; use on-failure, or daemon: true")
        #expect(loadManifest("processes:\n  a: {command: x, restart: always, daemon: true}\n").diagnostics.isEmpty)
        #expect(loadManifest("processes:\n  a: {command: x, restart: always, max_restarts: 3}\n").diagnostics.isEmpty)
    }

    @Test(arguments: ["off", "\"off\"", "false", "n"])
    func otherSpellingsOfNoForRestartWarn(_ spelling: String) {
        let loaded = loadManifest("processes:\n  a: {command: x, restart: \(spelling)}\n")
        #expect(loaded.process("a")?.restart.mode == RestartPolicy.Mode.no)
        #expect(loaded.diagnostics.map(\.severity) == [.warning])
        #expect(loaded.messages.first?.hasSuffix("is read as no; write restart: no") == true)
    }

    @Test func numbersWhereNumbersGoAreReadAsYAMLReadsThem() {
        let loaded = loadManifest(
            "processes:\n  a: {command: x, max_restarts: 0x10, backoff: .5, timeout: \"90\", shutdown: {signal: 15.0}, ready: {tcp: 5432.0}}\n"
        )
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.restart.maxRestarts == 16)
        #expect(loaded.process("a")?.restart.backoff == .milliseconds(500))
        #expect(loaded.process("a")?.timeout == .seconds(90))
        #expect(loaded.process("a")?.shutdown.signal == 15)
        #expect(loaded.process("a")?.ready?.check == .tcp(host: "127.0.0.1", port: 5432))
        #expect(
            only("processes:\n  a: {command: x, max_restarts: 1️⃣3.5}\n")?.message
                == "'max_restarts' must be a whole number, not 3.5")
        #expect(
            only("processes:\n  a: {command: x, timeout: 1️⃣\".5\"}\n")?.message.hasPrefix("invalid duration '.5'")
                == true)
        #expect(only("processes:\n  a: {command: x, timeout: 1️⃣0s}\n")?.message == "'timeout' must be longer than 0")
    }
}
