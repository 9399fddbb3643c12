import Foundation
import MusterTestSupport
import Testing

struct CheckCommandTests {
    static let examples: [String] = {
        let folder = MusterBinary.packageRoot + "/examples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }()

    static let brokenFixtures: [String] = {
        let folder = MusterBinary.packageRoot + "/Tests/Fixtures/manifests"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func thereAreExamplesAndFixtures() {
        #expect(Self.examples.count >= 4)
        #expect(Self.brokenFixtures.count >= 4)
    }

    @Test(arguments: examples)
    func everyExamplePassesCheck(_ name: String) throws {
        let outcome = try MusterBinary.run(["check", "-f", "examples/\(name)"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("examples/\(name): ok"))
    }

    /// Each broken fixture is paired with its golden diagnostics, `NAME.expected`.
    @Test(arguments: brokenFixtures)
    func brokenManifestExitsTwoWithGoldenDiagnostics(_ name: String) throws {
        let path = "Tests/Fixtures/manifests/\(name).yaml"
        let outcome = try MusterBinary.run(["check", "--no-color", "-f", path])
        let golden = try String(contentsOfFile: MusterBinary.packageRoot + "/Tests/Fixtures/manifests/\(name).expected", encoding: .utf8)
        #expect(outcome.status == 2)
        #expect(outcome.standardError == golden)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func readsTheManifestFromStandardInput() throws {
        let outcome = try MusterBinary.run(["check", "-f", "-"], input: "processes:\n  a: {command: [sleep, x]}\n  b: {command: y, depends_on: [c]}\n")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("<stdin>:3:32: error: process 'b' depends on unknown process 'c'\n"))
    }

    @Test func findsMusterYamlInTheCurrentDirectory() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yml", "processes:\n  a: {command: \"true\"}\n")
        let outcome = try MusterBinary.run(["check"], in: folder.path)
        #expect(outcome.status == 0)
        #expect(outcome.standardError == "muster.yml: ok, 1 process in 1 stage\n")
    }

    @Test func aMissingManifestIsAUsageError() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let named = try MusterBinary.run(["check", "-f", "nope.yaml"], in: folder.path)
        #expect(named.status == 2)
        #expect(named.standardError == "muster: error: cannot read the manifest 'nope.yaml': no such file or directory\n")
        let defaulted = try MusterBinary.run(["check"], in: folder.path)
        #expect(defaulted.status == 2)
        #expect(defaulted.standardError.contains("no muster.yaml or muster.yml in"))
    }

    @Test func unknownOptionsAreUsageErrorsWithExitTwo() throws {
        let outcome = try MusterBinary.run(["check", "--bogus"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("Unknown option '--bogus'"))
    }

    @Test func warningsAloneStillPass() throws {
        let outcome = try MusterBinary.run(
            ["check", "--no-color", "-f", "-"],
            input: "processes:\n  db: {command: x, daemon: true}\n  t: {command: y, depends_on: {db: completed}}\n")
        #expect(outcome.status == 0)
        #expect(outcome.standardError.contains("<stdin>:3:32: warning: 't' waits for daemon 'db' to exit"))
    }

    @Test func coloursFollowNoColor() throws {
        // Standard error is a pipe here, so there are never colours, whatever NO_COLOR says.
        let outcome = try MusterBinary.run(["check", "-f", "-"], input: "processes: {}\n", environment: [:])
        #expect(outcome.status == 2)
        #expect(!outcome.standardError.contains("\u{1B}["))
    }
}
