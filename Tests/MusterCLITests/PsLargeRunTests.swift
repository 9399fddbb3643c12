import Glibc
import MusterTestSupport
import Testing

/// `ps` answers for a run whose `ps` answer is longer than the 1 MiB a control request may be.
struct PsLargeRunTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func psReadsAnAnswerOverOneMebibyte() throws {
        // 1,500 jobs whose commands are 800 bytes long (an answer line of about 1.8 MB), and a
        // daemon that keeps the run up once they are done.
        let comment = String(repeating: "x", count: 800)
        let jobs = (0..<1500).map { "  j\($0): {command: \"true #\(comment)\"}\n" }
        let keeper = "  keeper: {command: \"exec sleep 600\", daemon: true}\n"
        let sandbox = ControlSandbox(manifest: "processes:\n" + keeper + jobs.joined())
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown(SIGKILL) }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: j1499 exited") } != nil)
        let ps = try sandbox.ps()
        #expect(ps.processes.count == 1501)
        #expect(ps["keeper"]?["status"] as? String == "running")
        #expect((ps["j1499"]?["command"] as? String)?.hasSuffix(comment) == true)
    }
}
