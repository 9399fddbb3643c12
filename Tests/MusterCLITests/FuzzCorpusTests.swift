import Foundation
import MusterTestSupport
import Testing

/// The fuzz corpus, replayed through the fuzz target without libFuzzer: every input (examples,
/// fixtures, past findings) must go through loading and planning without crashing.
struct FuzzCorpusTests {
    @Test(.timeLimit(.minutes(1)))
    func everyCorpusInputLoadsAndPlansWithoutCrashing() throws {
        let folder = MusterBinary.packageRoot + "/Tests/Fuzz/corpus"
        let inputs = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        #expect(inputs.count >= 10)
        let replayer = URL(fileURLWithPath: MusterBinary.path).deletingLastPathComponent().appendingPathComponent("muster-fuzz").path
        let outcome = try MusterBinary.run(inputs, executable: replayer)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == "replayed \(inputs.count) inputs\n")
    }
}
