import Foundation
import MusterTestSupport
import Testing

/// `retries: N`: a failed job runs again; the attempts show in the events, the JSON report and
/// JUnit (`flakyFailure`, read back with junitparser).
struct RetryTests {
    /// Parses a JUnit file with junitparser and prints, per test case, its result elements as
    /// `NAME: TAG TAG…` (xunit2's flakyFailure and rerunFailure included).
    static let junitCases = """
        import sys
        from junitparser.xunit2 import JUnitXml
        xml = JUnitXml.fromfile(sys.argv[1])
        for suite in xml:
            for case in suite:
                tags = [child.tag for child in case._elem]
                flaky = [f.message for f in case.flaky_failures()] if hasattr(case, "flaky_failures") else []
                print(case.name + ": " + " ".join(tags) + (" | " + "; ".join(flaky) if flaky else ""))
        """

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aJobThatPassesOnItsSecondAttemptSucceedsAndIsFlaky() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              flaky: {command: "if [ -e tried ]; then echo passed; else touch tried; echo 'first try failed' >&2; exit 3; fi", retries: 2}
              after: {command: "echo after", depends_on: [flaky]}
            """, ["--junit", "junit.xml"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("muster: flaky exited 3 after "))
        #expect(run.stderr.contains("; retrying (attempt 2 of 3)"))
        #expect(run.report.status("flaky") == "succeeded")
        #expect(run.report["flaky"]?["attempts"] as? Int == 2)
        let instances = try #require(run.report["flaky"]?["instances"] as? [[String: Any]])
        #expect(instances.count == 1)
        #expect(instances.first?["exitcode"] as? Int == 3)
        #expect(instances.first?["ending"] as? String == "exited 3")
        #expect(run.report.status("after") == "succeeded", "dependents wait for the attempt that passes")
        #expect(run.report["after"]?["attempts"] as? Int == 1)
        let (status, output) = try validateReport(folder.path + "/report.json")
        #expect(status == 0, "\(output)")
        let parsed = try python(Self.junitCases, [folder.path + "/junit.xml"])
        #expect(parsed.status == 0, "\(parsed.output)")
        #expect(parsed.output.contains("flaky: flakyFailure | attempt 1 exited 3 after "), "\(parsed.output)")
        #expect(parsed.output.contains("after: \n") || parsed.output.contains("after:\n") || parsed.output.hasSuffix("after: "))
        #expect(try String(contentsOfFile: folder.path + "/junit.xml", encoding: .utf8).contains("first try failed"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aJobThatFailsEveryAttemptFailsWithItsReruns() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              broken: {command: "echo attempt >> attempts; exit 4", retries: 2}
              plain: {command: "exit 5"}
            """, ["--junit", "junit.xml"], in: folder)
        #expect(run.status == 1)
        #expect(lines(of: "attempts", in: folder).count == 3)
        #expect(run.report.status("broken") == "failed")
        #expect(run.report["broken"]?["attempts"] as? Int == 3)
        #expect((run.report["broken"]?["instances"] as? [Any])?.count == 2)
        #expect(run.report["plain"]?["attempts"] as? Int == 1, "no retries unless asked")
        #expect(run.report["plain"]?["instances"] == nil)
        let parsed = try python(Self.junitCases, [folder.path + "/junit.xml"])
        #expect(parsed.output.contains("broken: failure rerunFailure rerunFailure"), "\(parsed.output)")
        #expect(parsed.output.contains("plain: failure\n"), "\(parsed.output)")
        let (status, output) = try validateReport(folder.path + "/report.json")
        #expect(status == 0, "\(output)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aTimeoutIsNotRetried() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              slow: {command: "echo x >> attempts; exec sleep 30", timeout: 200ms, retries: 3}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.status("slow") == "timed_out")
        #expect(lines(of: "attempts", in: folder).count == 1)
    }
}
