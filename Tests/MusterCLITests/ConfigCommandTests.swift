import Foundation
import MusterTestSupport
import Testing

/// `muster config` (SPEC §7.3): the fully resolved manifest, which loads again to the same plan.
struct ConfigCommandTests {
    /// `plan --format json` without the `manifest` field, which names the file read.
    static func plan(_ arguments: [String], input: String? = nil) throws -> String {
        let outcome = try MusterBinary.run(["plan", "--format", "json"] + arguments, input: input)
        try #require(outcome.status == 0, "\(outcome.standardError)")
        return outcome.standardOutput.split(separator: "\n").filter { !$0.contains("\"manifest\":") }.joined(separator: "\n")
    }

    /// `muster config | muster check -f -` passes and plans the same graph, in YAML and JSON, on
    /// every example; printing the config of the config changes nothing.
    @Test(arguments: CheckCommandTests.examples)
    func theConfigOfEveryExampleChecksAndPlansTheSameGraph(_ name: String) throws {
        let file = "examples/\(name)"
        for format in ["yaml", "json"] {
            let config = try MusterBinary.run(["config", "-f", file, "--format", format])
            #expect(config.status == 0, "\(config.standardError)")
            let check = try MusterBinary.run(["check", "-f", "-"], input: config.standardOutput)
            #expect(check.status == 0, "\(format): \(check.standardError)")
            #expect(try Self.plan(["-f", "-"], input: config.standardOutput) == (try Self.plan(["-f", file])), "\(format)")
            let again = try MusterBinary.run(["config", "-f", "-", "--format", format], input: config.standardOutput)
            #expect(again.standardOutput == config.standardOutput, "\(format)")
        }
    }

    @Test func theConfigIsTheMergedResolvedManifest() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", "env: {GREETING: hi}\nprocesses:\n  a: {command: \"echo ${GREETING} $$HOME\", cwd: sub}\n")
        folder.write("muster.override.yaml", "processes:\n  a: {timeout: 90s, env: {EXTRA: \"1\"}}\n")
        folder.write("sub/.keep", "")
        let outcome = try MusterBinary.run(["config"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(
            outcome.standardOutput == """
                version: 1
                name: \(URL(fileURLWithPath: folder.path).lastPathComponent)
                processes:
                  a:
                    command: echo hi $$HOME
                    daemon: false
                    depends_on: {}
                    env: {EXTRA: "1", GREETING: hi}
                    cwd: \(folder.path)/sub
                    timeout: 90s
                    restart: "no"
                    backoff: 1s
                    shutdown: {signal: TERM, timeout: 10s}

                """)
    }

    @Test func servicesListsTheNamesOfTheEntriesThatRun() throws {
        let outcome = try MusterBinary.run(["config", "--services", "-f", "examples/monorepo.yaml"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == "db\napi-migrate\napi-server\nsmoke-test\n")
        let debug = try MusterBinary.run(["config", "--services", "-f", "examples/monorepo.yaml", "--profile", "debug"])
        #expect(debug.standardOutput == "db\napi-migrate\napi-server\nsmoke-test\ninspect\n")
    }

    @Test func aManifestWithErrorsPrintsThemAndNoConfig() throws {
        let outcome = try MusterBinary.run(
            ["config", "--no-color", "-f", "-"], input: "processes:\n  a: {command: x, depends_on: [b]}\n")
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasPrefix("<stdin>:2:32: error: process 'a' depends on unknown process 'b'"))
    }
}
