import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `muster ls` lists the runs going on; `-p PROJECT` addresses one whatever its manifest, even one
/// read from standard input.
struct RunListingTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aRunOfAManifestFromStandardInputIsListedAndAddressedByProject() throws {
        let sandbox = ControlSandbox()
        defer { sandbox.remove() }
        let manifest = "name: piped\nprocesses:\n  svc: {command: \"echo hello; exec sleep 30\", daemon: true}\n"
        let piped = try WatchedProcess(
            ["-c", "printf '%s' \"$1\" | exec \"$0\" up -f -", MusterBinary.path, manifest], executable: "/bin/sh",
            in: sandbox.folder.path, environment: sandbox.environment)
        defer { piped.shutDown(SIGKILL) }
        #expect(piped.waitForLine(on: .standardOutput) { $0.hasSuffix("| hello") } != nil)

        let ls = try sandbox.muster(["ls"])
        #expect(ls.status == 0, "\(ls.stderr)")
        let row = try #require(ControlSupport.row("piped", in: ls.stdout), "\(ls.stdout)")
        #expect(ControlSupport.commandLine(of: Int32(row[2]) ?? 0).hasSuffix("up -f - "), "\(ls.stdout)")
        #expect(row.joined(separator: " ").contains("1 running"), "\(ls.stdout)")
        let json = try sandbox.muster(["ls", "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(listed.first?["project"] as? String == "piped")
        #expect((listed.first?["counts"] as? [String: Int])?["running"] == 1)

        let ps = try sandbox.muster(["ps", "-p", "piped", "--json"])
        #expect(ps.status == 0, "\(ps.stderr)")
        #expect(try Report(text: ps.stdout).status("svc") == "running")
        let logs = try sandbox.muster(["-p", "piped", "logs", "svc"])
        #expect(logs.stdout == "hello\n", "\(logs.stderr)")
        let unknown = try sandbox.muster(["ps", "-p", "pipd"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no run has the project 'pipd'; the runs going are 'piped'"), "\(unknown.stderr)")
        #expect(try sandbox.muster(["down", "-p", "piped"]).status == 0)
        #expect(piped.finish().status == 0)
        #expect(try sandbox.muster(["ls"]).stdout == "no run is going\n")
    }
}
