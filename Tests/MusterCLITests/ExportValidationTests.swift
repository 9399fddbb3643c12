import Foundation
import MusterTestSupport
import Testing

/// Every example exported to every format it fits and checked by the engine's own tools: hera's and
/// the argo-workflows SDK's Argo models, the kubernetes client's `V1Job`, Debian's docker-compose
/// (`config -q`) and `systemd-analyze verify` (with the commands present; it runs without a booted
/// systemd given `--man=no --generators=no`). A Procfile's lines are checked by `sh -n`. A missing
/// tool fails the test with the command that installs it (Tests/run installs them all).
struct ExportValidationTests {
    /// The examples, without `.yaml`.
    static let examples = CheckCommandTests.examples.map { ($0 as NSString).deletingPathExtension }

    /// The pairs `FORMAT EXAMPLE` that do not fit, and what their refusal says.
    static let misfits = [
        "kubernetes ci-pipeline": "use argo", "kubernetes merge-keys": "use argo",
        "kubernetes seed-attributes": "use argo", "procfile ci-pipeline": "no daemon",
        "procfile merge-keys": "no daemon", "kubernetes watch-loop": "use argo",
    ]

    /// Exports `example` to `format` under `folder`, with `--lossy` when the export says it would
    /// help: the path written, or nil when the example does not fit the format.
    private func export(_ example: String, _ format: String, into folder: String) throws -> String? {
        let path = "\(folder)/\(example).\(format)"
        var arguments = ExportCommandTests.arguments(example, format) + ["-o", path]
        var outcome = try ExportRun.run(arguments)
        let errors = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("muster: error: ") }
        if outcome.status == 1, outcome.standardError.contains("pass --lossy") {
            // Each error after the first line names the process and the field.
            for line in errors.dropFirst() {
                #expect(line.wholeMatch(of: /muster: error: process '[^']+', [a-z_.A-Z0-9-]+: .+/) != nil, "\(line)")
            }
            arguments.append("--lossy")
            outcome = try ExportRun.run(arguments)
        }
        let misfit = Self.misfits["\(format) \(example)"]
        if let misfit {
            #expect(outcome.status == 1, "\(format) \(example) should not fit")
            #expect(outcome.standardError.contains(misfit), "\(outcome.standardError)")
            return nil
        }
        #expect(outcome.status == 0, "\(format) \(example): \(outcome.standardError)")
        return outcome.status == 0 ? path : nil
    }

    /// Every example that fits `format`, exported under `folder`.
    private func exportAll(_ format: String, into folder: String) throws -> [String] {
        let paths = try Self.examples.compactMap { try export($0, format, into: folder) }
        #expect(paths.count == Self.examples.count - Self.misfits.keys.filter { $0.hasPrefix(format + " ") }.count)
        return paths
    }

    /// Runs a validator script of Tests/Fixtures/export on `paths`; every file must be "ok".
    private func validate(with script: String, _ paths: [String]) throws {
        let python = try #require(ExternalTools.path("python3"), "python3 is not installed: apt-get install python3")
        let outcome = try MusterBinary.run(
            ["Tests/Fixtures/export/\(script)"] + paths, executable: python)
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        let ok = outcome.standardOutput.split(separator: "\n").filter { $0.hasPrefix("ok ") }
        #expect(ok.count == paths.count, "\(outcome.standardOutput)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func argoWorkflowsParseIntoArgosOwnModels() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        try validate(with: "validate_argo.py", try exportAll("argo", into: folder.path))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func kubernetesJobsDeserialiseIntoV1JobWithEveryFieldKnown() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        try validate(with: "validate_kubernetes.py", try exportAll("kubernetes", into: folder.path))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func composeFilesPassDockerComposeConfig() throws {
        let compose = try #require(
            ExternalTools.path("docker-compose"), "docker-compose is not installed: apt-get install docker-compose")
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        for path in try exportAll("compose", into: folder.path) {
            let outcome = try MusterBinary.run(["-f", path, "config", "-q"], in: folder.path, executable: compose)
            #expect(outcome.status == 0 && outcome.standardError.isEmpty, "\(path): \(outcome.standardError)")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func systemdUnitsPassSystemdAnalyzeVerify() throws {
        let analyze = try #require(
            ExternalTools.path("systemd-analyze"), "systemd-analyze is not installed: apt-get install systemd")
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        for path in try exportAll("systemd", into: folder.path) {
            let units = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            #expect(units.contains { $0.hasSuffix(".target") })
            // Warnings (an unknown key, a command that is missing) fail the test too.
            let outcome = try MusterBinary.run(
                ["verify", "--man=no", "--generators=no"] + units, in: path, executable: analyze)
            #expect(outcome.status == 0, "\(path): \(outcome.standardError)")
            #expect(outcome.standardError.isEmpty && outcome.standardOutput.isEmpty, "\(path): \(outcome.standardError)")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func procfileLinesAreNamesAndValidShellCommands() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        for path in try exportAll("procfile", into: folder.path) {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(!lines.isEmpty)
            for line in lines {
                // foreman's and honcho's line: NAME: COMMAND.
                let match = try #require(line.wholeMatch(of: /([A-Za-z0-9_-]+): (.+)/), "\(line)")
                let outcome = try MusterBinary.run(["-n", "-c", String(match.2)], executable: "/bin/sh")
                #expect(outcome.status == 0, "\(line): \(outcome.standardError)")
            }
        }
    }
}
