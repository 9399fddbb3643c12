import Foundation
import MusterTestSupport
import Testing

/// The examples run as their comments say.
struct ExampleRunTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func helloRunsBothJobsAndTerminatesTheTicker() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let outcome = try MusterBinary.run(
            ["run", "-f", MusterBinary.packageRoot + "/examples/hello.yaml", "--json", "report.json"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.status("greet") == "succeeded")
        #expect(report.status("world") == "succeeded")
        #expect(report.status("ticker") == "terminated")
        #expect(report.exitcode("ticker") == -15)
    }

    /// python itself gets the SIGINT (argv form) and exits 0: `terminated`, exit code 0.
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func devEnvShutsTheServerDownCleanlyWithSigint() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let port = try ServiceSupport.freePort()
        let outcome = try MusterBinary.run(
            ["run", "-f", MusterBinary.packageRoot + "/examples/dev-env.yaml", "--json", "report.json"], in: folder.path,
            environment: ["PORT": String(port)])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.status("client") == "succeeded")
        #expect(report.status("web") == "terminated")
        #expect(report.exitcode("web") == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("client | GET http://127.0.0.1:\(port)/ -> 200 OK"), "\(outcome.standardOutput)")
    }
}

/// examples/monorepo.yaml runs its included services in order, and `inspect` only with its profile.
struct MonorepoExampleTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func includedServicesRunInOrderAndTheProfileAddsInspect() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let file = MusterBinary.packageRoot + "/examples/monorepo.yaml"
        let plain = try MusterBinary.run(["run", "-f", file, "--json", "report.json"], in: folder.path)
        #expect(plain.status == 0, "\(plain.standardError)")
        let report = try Report(path: folder.path + "/report.json")
        #expect(report.names == ["db", "api-migrate", "api-server", "smoke-test"])
        #expect(report.status("smoke-test") == "succeeded")
        #expect(report.status("api-server") == "terminated")
        let lines = plain.standardOutput.split(separator: "\n").map(String.init)
        let order = ["db ", "api-migrate ", "api-server ", "smoke-test "].map { prefix in
            lines.firstIndex { $0.hasPrefix(prefix) } ?? -1
        }
        #expect(order == order.sorted() && !order.contains(-1), "\(plain.standardOutput)")
        #expect(plain.standardOutput.contains("smoke-test  | smoke test against http://127.0.0.1:8080 (3 attempts) ok"))
        let debug = try MusterBinary.run(["run", "-f", file, "--profile", "debug", "--json", "debug.json"], in: folder.path)
        #expect(debug.status == 0, "\(debug.standardError)")
        #expect(try Report(path: folder.path + "/debug.json").status("inspect") == "succeeded")
    }
}
