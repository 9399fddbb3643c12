import Foundation
import MusterTestSupport
import Testing

/// Children's output through `muster run`, and the report files.
struct RunOutputTests {
    // MARK: Children's output

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aHundredThousandLinesFromFourChildrenArriveWholeAndInOrder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let names = ["w", "x", "y", "z"]
        let run = try runManifest(
            "processes:\n" + names.map { "  \($0): {command: \"seq 1 25000 | sed 's/^/payload-/'\"}\n" }.joined(), in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        var next: [String: Int] = Dictionary(uniqueKeysWithValues: names.map { ($0, 1) })
        var torn: [Substring] = []
        var outOfOrder = 0
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "stdout ends with a newline")
        for line in lines.dropLast() {
            guard line.count > 12, line.dropFirst(1).hasPrefix(" | payload-"),
                let number = Int(line.dropFirst(12)), let expected = next[String(line.prefix(1))]
            else {
                torn.append(line)
                continue
            }
            if number != expected { outOfOrder += 1 }
            next[String(line.prefix(1))] = number + 1
        }
        #expect(torn.isEmpty, "\(torn.count) torn or foreign lines, e.g. \(torn.prefix(3))")
        #expect(outOfOrder == 0)
        #expect(lines.count - 1 == 100_000)
        for name in names { #expect(next[name] == 25_001, "\(name) stopped at \(next[name]! - 1)") }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aLastLineWithoutNewlineIsStillPrintedAsALine() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              t: {command: "echo first; printf 'tail'; printf 'err-tail' >&2"}
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "t | first\nt | tail\n")
        #expect(run.stderr.contains("t | err-tail\n"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func jsonDashPutsTheReportOnStdoutAndChildrenStdoutOnStderr() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              greeter: {command: "echo hello-out; echo hello-err >&2"}
            """)
        let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "--json", "-"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try Report(text: outcome.standardOutput)
        #expect(report.names == ["greeter"])
        #expect(report.status("greeter") == "succeeded")
        #expect(!outcome.standardOutput.contains("greeter | "), "children's lines do not mix into the report")
        #expect(outcome.standardError.contains("greeter | hello-out\n"))
        #expect(outcome.standardError.contains("greeter | hello-err\n"))
    }

    // MARK: Reports

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theJsonReportValidatesAgainstTheReportSchema() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            name: schema-check
            processes:
              db: {command: [sleep, "30"], daemon: true}
              ok: {command: [echo, hi], depends_on: [db]}
              bad: {command: "exit 4"}
              skipped: {command: "true", depends_on: [bad]}
              slow: {command: [sleep, "30"], timeout: 200ms}
              ghost: {command: [no-such-program-muster-test]}
            """, in: folder)
        #expect(run.status == 1)
        #expect(run.report.names == ["db", "ok", "bad", "skipped", "slow", "ghost"])
        #expect(
            run.report.processes.map { $0["status"] as? String ?? "?" }
                == ["terminated", "succeeded", "failed", "skipped", "timed_out", "failed"])
        let (status, output) = try validateReport(folder.path + "/report.json")
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("ok "), "\(output)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theJUnitReportHasATestcasePerJobWithFailuresAndSkips() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            processes:
              db: {command: [sleep, "30"], daemon: true}
              fine: {command: "true", depends_on: [db]}
              broken: {command: "echo about-to-fail; exit 3"}
              blocked: {command: "true", depends_on: [broken]}
            """, ["--junit", "out.xml"], in: folder)
        #expect(run.status == 1)
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            cases = []
            for case in root.iter("testcase"):
                failure = case.find("failure")
                cases.append({
                    "name": case.get("name"),
                    "failure": None if failure is None else failure.get("message"),
                    "failure_text": None if failure is None else (failure.text or ""),
                    "skipped": case.find("skipped") is not None,
                })
            print(json.dumps(cases))
            """
        let (status, output) = try python(script, [folder.path + "/out.xml"])
        #expect(status == 0, "\(output)")
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect(cases.compactMap { $0["name"] as? String } == ["fine", "broken", "blocked"])
        func testcase(_ name: String) -> [String: Any]? { cases.first { $0["name"] as? String == name } }
        #expect(testcase("fine")?["failure"] is NSNull)
        #expect(testcase("fine")?["skipped"] as? Bool == false)
        let message = try #require(testcase("broken")?["failure"] as? String)
        #expect(message.split(whereSeparator: { !$0.isNumber }).contains("3"), "no exit code in: \(message)")
        #expect((testcase("broken")?["failure_text"] as? String)?.contains("about-to-fail") == true)
        #expect(testcase("broken")?["skipped"] as? Bool == false)
        #expect(testcase("blocked")?["skipped"] as? Bool == true)
        #expect(testcase("blocked")?["failure"] is NSNull)
    }
}
