import Foundation
import MusterTestSupport
import Testing

/// Report paths are checked before anything starts, their folders made, and the summary's last
/// line never disagrees with the exit status.
struct ReportPathTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aReportPathThatCannotBeWrittenIsAUsageErrorAndNothingStarts() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", "processes:\n  a: {command: \"touch ran\"}\n")
        let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "--json", "m.yaml/x.json"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("muster: error: cannot write the report m.yaml/x.json: "), "\(outcome.standardError)")
        #expect(!exists("ran", in: folder))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aReportsFoldersAreMadeAndNothingIsLeftWhenTheRunFails() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", "processes:\n  a: {command: \"true\"}\n")
        let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "--junit", "reports/sub/x.xml"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(exists("reports/sub/x.xml", in: folder))
        let last = outcome.standardError.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix("exit status 0"), "\(last)")
    }
}
