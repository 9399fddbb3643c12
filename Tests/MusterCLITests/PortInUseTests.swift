import Foundation
import Glibc
import MusterTestSupport
import Testing

/// An entry whose tcp or http probe targets a local port that someone else already serves is
/// refused at once, naming the holder, instead of passing its probe against the wrong server.
struct PortInUseTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aProbeOnAPortSomeoneElseServesFailsTheEntryAtOnce() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let port = try ServiceSupport.freePort()
        let other = try WatchedProcess(
            ["-u", "-m", "http.server", String(port), "--bind", "127.0.0.1"], executable: "/usr/bin/python3",
            in: folder.path, environment: ProcessInfo.processInfo.environment)
        defer { other.shutDown(SIGKILL) }
        #expect(other.waitForLine(on: .standardOutput) { $0.hasPrefix("Serving HTTP") } != nil)
        let run = try runManifest(
            """
            processes:
              web: {command: [python3, -m, http.server, "\(port)", --bind, 127.0.0.1], daemon: true, ready: {http: "http://127.0.0.1:\(port)/"}}
              client: {command: "true", depends_on: [web]}
            """, in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("web") == "failed")
        #expect(run.report.pid("web") == nil, "web was started")
        #expect(run.report.reason("web")?.hasPrefix("port \(port) is already in use (pid \(other.pid), python3)") == true, "\(run.report.reason("web") ?? "")")
        #expect(run.report.status("client") == "skipped")
    }
}
