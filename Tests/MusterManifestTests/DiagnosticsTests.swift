import MusterManifest
import MusterTestSupport
import Testing

/// Each diagnostic of SPEC §2, asserting file, line, column and message, with the place marked in
/// the source by 1️⃣.
struct DiagnosticsTests {
    /// Loads `marked` and expects exactly one diagnostic, at marker 1️⃣, with `message`.
    private func expectDiagnostic(
        _ marked: String, _ message: String, severity: Diagnostic.Severity = .error, note: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let source = MarkedSource(marked)
        let loaded = loadManifest(source.text)
        #expect(loaded.diagnostics.count == 1, "\(loaded.messages)", sourceLocation: sourceLocation)
        guard let diagnostic = loaded.diagnostics.first else { return }
        #expect(diagnostic.location == source.location("1️⃣"), sourceLocation: sourceLocation)
        #expect(diagnostic.message == message, sourceLocation: sourceLocation)
        #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
        if let note {
            #expect(diagnostic.notes.map(\.message) == [note], sourceLocation: sourceLocation)
        }
    }

    @Test func yamlSyntaxError() {
        let source = MarkedSource("processes:\n  a: {command: x\n1️⃣")
        let loaded = loadManifest(source.text)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.message.hasPrefix("YAML syntax error: did not find expected") == true)
        #expect(loaded.diagnostics.first?.location.line == source.location("1️⃣").line)
    }

    @Test func unknownTopLevelKey() {
        expectDiagnostic(
            "1️⃣proceses:\n  a: {command: x}\n", "unknown key 'proceses' in the manifest",
            note: "did you mean 'processes'?")
    }

    @Test func unknownProcessKey() {
        expectDiagnostic(
            "processes:\n  a:\n    command: x\n    1️⃣dependson: [b]\n", "unknown key 'dependson' in process 'a'",
            note: "did you mean 'depends_on'?")
    }

    @Test func missingCommand() {
        expectDiagnostic(
            "processes:\n  1️⃣a: {daemon: true}\n", "process 'a' has no 'command'; add one, e.g. command: echo hello")
    }

    @Test func missingProcesses() {
        expectDiagnostic(
            "1️⃣name: x\n", "the manifest has no 'processes'; declare them as a mapping of names to commands")
    }

    @Test func emptyManifest() {
        expectDiagnostic("1️⃣", "the manifest is empty; declare at least one process under 'processes'")
    }

    @Test func quotedTrueIsAStringNotABoolean() {
        expectDiagnostic(
            "processes:\n  a: {command: x, daemon: 1️⃣\"true\"}\n",
            "'daemon' must be a boolean, but \"true\" is quoted, which makes it a string; write true without quotes")
    }

    @Test func wrongTypeNamesBothTypes() {
        expectDiagnostic(
            "processes:\n  a: {command: 1️⃣{x: 1}}\n",
            "'command' of process 'a' must be a string or a list of strings, not a mapping")
        expectDiagnostic(
            "processes: 1️⃣just-a-string\n",
            "'processes' must be a mapping of names to process specs, or a list of specs, not a string")
        expectDiagnostic(
            "processes:\n  a: {command: x, max_restarts: 1️⃣-1}\n", "'max_restarts' must be at least 0, not -1")
    }

    @Test func emptyCommandList() {
        expectDiagnostic(
            "processes:\n  a: {command: 1️⃣[]}\n",
            "'command' of process 'a' is an empty list; give the program and its arguments")
    }

    @Test func duplicateNameInListFormPointsAtTheSecond() {
        let source = MarkedSource(
            "processes:\n  - name: 2️⃣web\n    command: x\n  - name: 1️⃣web\n    command: y\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.messages == ["duplicate process name 'web'; names must be unique"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
        #expect(loaded.diagnostics.first?.notes.first?.location == source.location("2️⃣"))
    }

    @Test func invalidName() {
        expectDiagnostic(
            "processes:\n  1️⃣-web: {command: x}\n",
            "invalid process name '-web': use letters, digits, '.', '_' and '-', starting with a letter or digit")
    }

    @Test func badDuration() {
        expectDiagnostic(
            "processes:\n  a: {command: x, timeout: 1️⃣10 minutes}\n",
            "invalid duration '10 minutes' for 'timeout': use \(DurationParser.expectedForm)")
    }

    @Test func badCondition() {
        expectDiagnostic(
            "processes:\n  b: {command: x}\n  a: {command: x, depends_on: {b: 1️⃣succeded}}\n",
            "unknown condition 'succeded' for 'b'; use one of started, ready, completed, succeeded",
            note: "did you mean 'succeeded'?")
    }

    @Test func badSignal() {
        expectDiagnostic(
            "processes:\n  a: {command: x, shutdown: {signal: 1️⃣SIGTREM}}\n",
            "unknown signal 'SIGTREM'; use a name such as TERM, INT or HUP, or a number from 1 to 64",
            note: "did you mean 'TERM'?")
    }

    @Test func probeWithoutACheck() {
        expectDiagnostic(
            "processes:\n  a: {command: x, ready: 1️⃣{interval: 1s}}\n",
            "a 'ready' probe needs one of exec, tcp, http or log, e.g. ready: {tcp: \"127.0.0.1:5432\"}")
    }

    @Test func probeWithTwoChecks() {
        expectDiagnostic(
            "processes:\n  a: {command: x, ready: {tcp: 5432, 1️⃣log: up}}\n",
            "a 'ready' probe takes exactly one of exec, tcp, http or log, but 'tcp' is already given")
    }

    @Test func badTCPProbe() {
        expectDiagnostic(
            "processes:\n  a: {command: x, ready: {tcp: 1️⃣\"localhost:99999\"}}\n",
            "invalid tcp probe 'localhost:99999': use HOST:PORT, e.g. 127.0.0.1:5432 or [::1]:6379, or a port number")
    }

    @Test func httpsProbeIsExplained() {
        expectDiagnostic(
            "processes:\n  a: {command: x, ready: {http: 1️⃣\"https://x/\"}}\n",
            "invalid http probe 'https://x/': https probes are not supported; use an exec probe with curl")
    }

    @Test func badLogRegex() {
        let source = MarkedSource("processes:\n  a: {command: x, ready: {log: 1️⃣\"([a-z\"}}\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.diagnostics.first?.message.hasPrefix("invalid regular expression '([a-z' in 'ready.log'") == true)
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func unsetRequiredVariablePointsAtTheDollar() {
        expectDiagnostic(
            "processes:\n  a: {command: \"psql 1️⃣${DATABASE_URL:?set DATABASE_URL first}\"}\n",
            "variable 'DATABASE_URL' is not set: set DATABASE_URL first")
    }

    @Test func jobWaitingForADaemonToCompleteIsAWarning() {
        expectDiagnostic(
            "processes:\n  db: {command: x, daemon: true}\n  a: {command: y, depends_on: {1️⃣db: completed}}\n",
            "'a' waits for daemon 'db' to exit, which happens only when daemons are torn down after every job has ended; use 'ready' or 'started'",
            severity: .warning)
    }

    @Test func listedTwice() {
        expectDiagnostic(
            "processes:\n  b: {command: x}\n  a: {command: y, depends_on: [b, 1️⃣b]}\n",
            "'b' is listed twice in 'depends_on'")
    }

    @Test func everyNameListedTwiceInALongListIsReportedWhereItIsRepeated() {
        let names = (0..<60).map { "p\($0)" }
        let body = names.map { "  \($0): {command: x}\n" }.joined()
        let list = (names + ["p7", "p59", "p7"]).joined(separator: ", ")
        let loaded = loadManifest("processes:\n\(body)  a: {command: y, depends_on: [\(list)]}\n")
        #expect(loaded.messages == ["p7", "p59", "p7"].map { "'\($0)' is listed twice in 'depends_on'" })
        let column = "  a: {command: y, depends_on: [".count + names.joined(separator: ", ").count + 3
        #expect(loaded.diagnostics.map(\.location.column) == [column, column + 4, column + 9])
        #expect(loaded.manifest.processes.last?.dependencies.map(\.name) == names)
    }

    @Test func aDependsOnItemThatIsNotAStringIsAnError() {
        expectDiagnostic(
            "processes:\n  b: {command: x}\n  a: {command: y, depends_on: [b, 1️⃣yes]}\n",
            "each item of 'depends_on' must be a string, not a boolean")
        expectDiagnostic(
            "processes:\n  b: {command: x}\n  a: {command: y, depends_on: [b, 1️⃣[c]]}\n",
            "each item of 'depends_on' must be a string, not a list")
    }

    @Test func unsupportedVersion() {
        expectDiagnostic(
            "version: 1️⃣2\nprocesses:\n  a: {command: x}\n", "'version' must be 1, not 2",
            note:
                "this looks like a docker compose file: muster manifests have 'version: 1' or none, and 'processes:' instead of 'services:'"
        )
    }

    @Test func allProblemsOfAFileComeInOnePassInReadingOrder() {
        let loaded = loadManifest(
            """
            processes:
              a: {comand: x}
              b: {command: x, timeout: soon}
              c: {command: x, daemon: maybe}
              d: {command: x, restart: sometimes}
            """)
        #expect(loaded.diagnostics.map(\.location.line) == [2, 2, 3, 4, 5])
        #expect(loaded.diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func rendererShowsTheLineAndACaretAndNotes() {
        let source = MarkedSource("processes:\n  a:\n    comand: x\n")
        let loaded = loadManifest(source.text)
        let text = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics)
        #expect(
            text == """
                muster.yaml:2:3: error: process 'a' has no 'command'; add one, e.g. command: echo hello
                 2 |   a:
                   |   ^
                muster.yaml:3:5: error: unknown key 'comand' in process 'a'
                 3 |     comand: x
                   |     ^
                    note: did you mean 'command'?
                2 errors generated.

                """)
    }

    @Test func rendererColoursOnlyWhenAsked() {
        let loaded = loadManifest("processes:\n  a: {}\n")
        let plain = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics)
        let colored = DiagnosticRenderer(sources: loaded.sources, colored: true).render(loaded.diagnostics)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[1;31merror:"))
    }
}
