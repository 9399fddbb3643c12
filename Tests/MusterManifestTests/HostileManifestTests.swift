import MusterManifest
import MusterTestSupport
import Testing

/// Manifests built to hurt the loader: each ends in a clear error or a correct result, within the
/// test's one-minute bound.
struct HostileManifestTests {
    @Test(.timeLimit(.minutes(1)))
    func thousandLevelsOfNestingStopAtTheNestingLimit() {
        let text = "processes:\n  a:\n    command: x\n    env:\n      X: " + String(repeating: "[", count: 1000)
            + String(repeating: "]", count: 1000) + "\n"
        let loaded = loadManifest(text)
        #expect(loaded.messages == ["collections nest more than 256 levels deep here; flatten the manifest"])
        #expect(loaded.diagnostics.first?.location.line == 5)
        #expect(loaded.diagnostics.first?.location.column == 10 + 256 - 4)
    }

    @Test(.timeLimit(.minutes(1)))
    func fiftyThousandLevelsOfNestingDoNotExhaustTheStack() {
        let text = "processes: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        #expect(loadManifest(text).messages == ["collections nest more than 256 levels deep here; flatten the manifest"])
    }

    @Test func nestedDefaultsAreBounded() {
        let text = "processes:\n  a: {command: \"" + String(repeating: "${A:-", count: 30_000) + "\"}\n"
        #expect(loadManifest(text).messages.contains("'${…}' expressions nest more than 32 deep here"))
    }

    @Test func hugeBareDurationsAreAnErrorNotACrash() {
        #expect(loadManifest("processes:\n  a: {command: x, timeout: 1e300}\n").messages.first?.hasPrefix("invalid duration '1e300'") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func twoHundredLevelsOfNestedMappingsUnderAnExtensionKeyAreIgnored() {
        var text = "processes:\n  a:\n    command: x\n    x-deep:"
        for level in 0..<200 { text += "\n" + String(repeating: " ", count: 6 + level) + "k:" }
        let loaded = loadManifest(text + "\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.manifest.processes.count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func twentyThousandEntriesLoadCompletely() {
        let text = "processes:\n" + (0..<20_000).map { "  p\($0): {command: [\"true\"], depends_on: [p\($0 + 1)]}\n" }.joined()
        let loaded = loadManifest(text)
        #expect(loaded.diagnostics.isEmpty)  // p19999's unknown dependency is the planner's to find
        #expect(loaded.manifest.processes.count == 20_000)
        #expect(loaded.process("p19998")?.dependencies.map(\.name) == ["p19999"])
    }

    @Test func nulBytesAreAnError() {
        let loaded = loadManifest("processes:\n  a: {command: \"x\u{0}y\"}\n")
        #expect(loaded.messages == ["not a text file: it holds NUL bytes; a manifest is YAML text in UTF-8"])
        #expect(loaded.diagnostics.first?.location == SourceLocation(file: "muster.yaml", line: 2, column: 18))
    }

    @Test(.timeLimit(.minutes(1)))
    func aOneMegabyteCommandIsKeptWhole() {
        let script = String(repeating: "x", count: 1 << 20)
        let loaded = loadManifest("processes:\n  a: {command: \"echo \(script)\"}\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.command == .shell("echo " + script))
    }

    @Test(.timeLimit(.minutes(1)))
    func tenThousandEnvironmentVariablesAreAllSet() {
        let env = (0..<10_000).map { "      V\($0): value\($0)\n" }.joined()
        let loaded = loadManifest("processes:\n  a:\n    command: x\n    env:\n" + env)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.environment.count == 10_000)
        #expect(loaded.process("a")?.environment["V9999"] == "value9999")
    }

    @Test func envFilesWithOddQuotingAreReadOrPointedAt() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("odd.env", "A='it''s'\nB=\"say \\\"hi\\\"\"\nC=a=b=c\nD='open\n")
        let loaded = loadManifest("env_file: odd.env\nprocesses:\n  a: {command: x}\n", directory: folder.path)
        #expect(loaded.process("a")?.environment["B"] == "say \"hi\"")
        #expect(loaded.process("a")?.environment["C"] == "a=b=c")
        #expect(loaded.diagnostics.map { "\($0.location)" } == ["odd.env:4:3"])
    }

    @Test func logPathsOutsideTheProjectAreResolvedNotTrusted() {
        let loaded = loadManifest("processes:\n  a: {command: x, log: ../../../../etc/../tmp/a.log}\n", directory: "/srv/shop")
        #expect(loaded.process("a")?.logFile == "/tmp/a.log")
    }

    @Test func veryLongLinesAreShownAsAWindowAroundTheColumn() {
        let text = "processes:\n  a: {command: x, env: {X: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}}\n"
        let loaded = loadManifest(text)
        let rendered = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics)
        #expect(rendered.split(separator: "\n").allSatisfy { $0.count < 300 })
    }
}
