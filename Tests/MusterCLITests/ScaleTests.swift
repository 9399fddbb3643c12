import Foundation
import MusterTestSupport
import Testing

/// Many entries at once: muster never starts more children than its descriptor budget allows,
/// so a wide manifest completes under a small open-file limit instead of crashing.
struct ScaleTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func twoThousandWideEntriesCompleteUnderAnOpenFileLimitOf256() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let body = (0..<2000).map { "  t\($0): {command: [\"true\"]}\n" }.joined()
        folder.write("wide.yaml", "processes:\n" + body)
        let outcome = try MusterBinary.run(
            ["-c", "ulimit -Sn 256 && ulimit -Hn 256 && exec \"$0\" run --quiet -j 0 -f wide.yaml --json report.json", MusterBinary.path],
            in: folder.path, executable: "/bin/sh")
        #expect(outcome.status == 0, "\(outcome.standardError.suffix(500))")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/report.json"))) as? [String: Any]
        let processes = report?["processes"] as? [[String: Any]] ?? []
        #expect(processes.count == 2000)
        #expect(processes.allSatisfy { $0["status"] as? String == "succeeded" && $0["exitcode"] as? Int == 0 })
    }
}
