import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `muster ps --watch` follows the run to its end: the final state, "the run ended (exit N)", exit 0.
struct PsWatchTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func psWatchShowsTheFinalStateWhenTheRunEnds() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  job: {command: \"read x < gate; exit 3\"}\n")
        defer { sandbox.remove() }
        try makeFIFO("gate", in: sandbox.folder)
        let run = try sandbox.start(["run", "-f", "m.yaml"])
        defer { run.shutDown(SIGKILL) }
        #expect(run.waitForLine(on: .standardError) { $0.hasPrefix("muster: job started") } != nil)
        let watch = try sandbox.start(["ps", "--watch", "-f", "m.yaml"])
        defer { watch.shutDown(SIGKILL) }
        #expect(watch.waitForLine(on: .standardOutput) { $0.contains("job") && $0.contains("running") } != nil)
        try ControlSupport.writeToFIFO(sandbox.folder.path + "/gate", "go\n")
        let watched = watch.finish()
        #expect(watched.status == 0, "\(watched.stderr)")
        #expect(watched.stdout.hasSuffix("the run ended (exit 1)\n"), "\(watched.stdout)")
        let final = watched.stdout.components(separatedBy: "\u{1B}[H\u{1B}[2J").last ?? ""
        let row = try #require(ControlSupport.row("job", in: final), "\(final)")
        #expect(row[4] == "3" && row[5] == "failed", "\(row)")
        #expect(run.finish().status == 1)
    }
}
