import Foundation
import MusterTestSupport
import Testing

/// `muster export` as a user runs it: golden output for examples/postgres-redis.yaml and
/// examples/ci-pipeline.yaml in every format, standard output or files and folders, and the exit
/// statuses. `MUSTER_UPDATE_GOLDEN=1 swift test --filter ExportCommandTests` rewrites the goldens.
struct ExportCommandTests {
    static let goldenFolder = MusterBinary.packageRoot + "/Tests/Fixtures/export/golden"
    static let formats = ["argo", "kubernetes", "compose", "systemd", "procfile"]
    static let goldenCases = ["postgres-redis", "ci-pipeline"].flatMap { example in formats.map { (example, $0) } }

    /// The command line of a golden case.
    static func arguments(_ example: String, _ format: String) -> [String] {
        var arguments = ["export", format, "-f", "examples/\(example).yaml"]
        if ExportRun.containerFormats.contains(format) { arguments += ["--image", ExportRun.image(for: example)] }
        return arguments
    }

    @Test(arguments: goldenCases)
    func exportsMatchTheirGoldenFiles(_ example: String, _ format: String) throws {
        let arguments = Self.arguments(example, format)
        let outcome = try ExportRun.run(arguments)
        let text = ExportRun.portable(
            "$ muster \(arguments.joined(separator: " "))\nexit status \(outcome.status)\n--- standard error\n"
                + outcome.standardError + "--- standard output\n" + outcome.standardOutput)
        let path = "\(Self.goldenFolder)/\(example).\(format).txt"
        if ProcessInfo.processInfo.environment["MUSTER_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.goldenFolder, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == golden, "\(path)")
    }

    @Test func theWorkedExampleOfTheReadmeExports() throws {
        let outcome = try ExportRun.run(["export", "argo", "-f", "examples/ci-pipeline.yaml", "--image", "alpine:3.20"])
        #expect(outcome.status == 0)
        #expect(outcome.standardError.isEmpty)
        #expect(outcome.standardOutput.contains("depends: \"(package.Succeeded || package.Failed)\""))
    }

    @Test func outputGoesToAFileOrIntoAFolder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.path + "/deep/wf.yaml"
        let single = try ExportRun.run(["export", "argo", "-f", "examples/hello.yaml", "--image", "alpine", "-o", file])
        #expect(single.status == 0)
        #expect(single.standardOutput.isEmpty)
        #expect(single.standardError == "muster: wrote \(file)\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# Exported by muster from examples/hello.yaml"))

        let into = try ExportRun.run(["export", "compose", "-f", "examples/hello.yaml", "--image", "alpine", "-o", folder.path])
        #expect(into.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/compose.yaml"))

        let units = folder.path + "/units"
        let systemd = try ExportRun.run(["export", "systemd", "-f", "examples/hello.yaml", "-o", units])
        #expect(systemd.status == 0)
        #expect(systemd.standardError == "muster: wrote 4 files in \(units)\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: units).sorted()
        #expect(names == ["hello-greet.service", "hello-ticker.service", "hello-world.service", "hello.target"])
    }

    @Test func severalFilesOnStandardOutputEachHaveAHeader() throws {
        let outcome = try ExportRun.run(["export", "systemd", "-f", "examples/hello.yaml", "-o", "-"])
        #expect(outcome.status == 0)
        let headers = outcome.standardOutput.split(separator: "\n").filter { $0.hasPrefix("==> ") }
        #expect(headers == ["==> hello.target <==", "==> hello-ticker.service <==", "==> hello-greet.service <==", "==> hello-world.service <=="])
    }

    @Test func whatATargetCannotExpressExitsOneAndWritesNothing() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.path + "/wf.yaml"
        let outcome = try ExportRun.run(["export", "argo", "-f", "examples/dev-env.yaml", "--image", "python:3", "-o", file])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(
            outcome.standardError == """
                muster: error: cannot export to argo (1 problem); change the manifest, or pass --lossy to export with warnings
                muster: error: process 'web', shutdown.signal: Kubernetes stops a container with SIGTERM (or its image's STOPSIGNAL), and Argo has no field for SIGINT (--lossy: stopped with SIGTERM)

                """)
        let lossy = try ExportRun.run(["export", "argo", "-f", "examples/dev-env.yaml", "--image", "python:3", "--lossy"])
        #expect(lossy.status == 0)
        #expect(
            lossy.standardError
                == "muster: warning: process 'web', shutdown.signal: Kubernetes stops a container with SIGTERM (or its image's STOPSIGNAL), and Argo has no field for SIGINT; stopped with SIGTERM\n")
        #expect(lossy.standardOutput.contains("# muster: shutdown.signal: "))
    }

    @Test func aMissingImageNamesTheEntryAndTheOption() throws {
        let outcome = try ExportRun.run(["export", "compose", "-f", "examples/hello.yaml", "--lossy"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("muster: error: process 'ticker', image: "))
        #expect(outcome.standardError.contains("--image"))
    }

    @Test func namesSelectEntriesAndWhatTheyDependOn() throws {
        let outcome = try ExportRun.run(["export", "procfile", "-f", "examples/postgres-redis.yaml", "redis"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.prefix(7) } == ["redis: "])
        let unknown = try ExportRun.run(["export", "argo", "-f", "examples/postgres-redis.yaml", "--image", "x", "redis-server"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no process named 'redis-server'"))
        let format = try ExportRun.run(["export", "nomad", "-f", "examples/hello.yaml"])
        #expect(format.status == 2)
    }
}
