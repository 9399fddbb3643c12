import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `limits:` reach the entry's own process.
struct LimitsTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func limitsAreSetBeforeTheCommandStarts() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              files: {command: "echo nofile=$(ulimit -n) pid=$$$$", limits: {nofile: 123, core: 0}}
              burn: {command: "while :; do :; done", limits: {cpu: 1}}
            """, in: folder)
        #expect(run.stdout.contains("files | nofile=123 pid=\(run.report.pid("files") ?? -1)\n"))
        #expect(run.report.exitcode("burn") == -24)
        #expect(run.report.status("burn") == "failed")
    }
}
