import Foundation
import MusterTestSupport
import Testing

/// `--ci github|gitlab`, `--output grouped`, annotations and the step summary, through `muster run`.
struct CIOutputTests {
    /// A pipeline where `build` fails after `prepare`, so `test` is skipped.
    static let failingPipeline = """
        name: pipe
        processes:
          prepare: {command: "echo preparing; echo warm >&2"}
          build: {command: "echo compiling; echo 'error: boom' >&2; exit 1", depends_on: [prepare]}
          test: {command: "echo never", depends_on: [build]}
        """

    /// `text` with every duration (`0.01s`, `12.3s`) written as `Ns`.
    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9]+(\.[0-9]+)?s\b"#, with: "Ns", options: .regularExpression)
            .replacingOccurrences(of: #"section_(start|end):[0-9]+:"#, with: "section_$1:T:", options: .regularExpression)
    }

    /// The environment of a run outside any CI.
    static let noCI = ["GITHUB_ACTIONS": "", "GITLAB_CI": "", "GITHUB_STEP_SUMMARY": ""]

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func githubGroupsAnnotatesAndWritesTheStepSummary() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", Self.failingPipeline)
        folder.write("summary.md", "# earlier step\n")
        let run = try MusterBinary.run(
            ["run", "-f", "m.yaml"], in: folder.path,
            environment: ["GITHUB_ACTIONS": "true", "GITLAB_CI": "", "GITHUB_STEP_SUMMARY": folder.path + "/summary.md"])
        #expect(run.status == 1, "\(run.standardError)")
        #expect(
            Self.normalized(run.standardOutput) == """
                ::group::prepare — succeeded in Ns
                preparing
                warm
                ::endgroup::
                ::group::build — failed (exited 1) after Ns
                compiling
                error: boom
                ::endgroup::

                """)
        #expect(
            Self.normalized(run.standardError).contains(
                """
                ::error title=build failed::exit 1 after Ns (last line: error: boom)
                ::error title=test skipped::dependency build failed

                """))
        #expect(run.standardError.contains("critical path: prepare → build ("))
        let summary = lines(of: "summary.md", in: folder)
        #expect(summary.first == "# earlier step", "the summary is appended, not written over")
        #expect(summary.contains { $0.hasPrefix("### ❌ muster: pipe failed in ") })
        #expect(summary.contains { $0.hasPrefix("| build | job | ❌ failed | ") && $0.hasSuffix("| 1 | exited 1 |") })
        #expect(summary.contains { $0.hasPrefix("| test | job | ⚠️ skipped | – | 0 | dependency build failed |") })
        #expect(summary.contains { $0.hasPrefix("**Critical path:** prepare → build (") })
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func gitlabFramesEachJobInACollapsedSection() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("m.yaml", Self.failingPipeline)
        let before = Int(Date().timeIntervalSince1970)
        let run = try MusterBinary.run(
            ["run", "-f", "m.yaml"], in: folder.path, environment: ["GITLAB_CI": "true", "GITHUB_ACTIONS": ""])
        #expect(run.status == 1, "\(run.standardError)")
        let esc = "\u{1B}[0K"
        #expect(
            Self.normalized(run.standardOutput) == """
                \(esc)section_start:T:muster_0_prepare[collapsed=true]\r\(esc)prepare — succeeded in Ns
                preparing
                warm
                \(esc)section_end:T:muster_0_prepare\r\(esc)
                \(esc)section_start:T:muster_1_build[collapsed=true]\r\(esc)build — failed (exited 1) after Ns
                compiling
                error: boom
                \(esc)section_end:T:muster_1_build\r\(esc)

                """)
        let stamps = run.standardOutput.matches(of: /section_(?:start|end):([0-9]+):/).compactMap { Int($0.1) }
        #expect(stamps.count == 4)
        #expect(stamps.allSatisfy { $0 >= before && $0 <= Int(Date().timeIntervalSince1970) })
        #expect(!run.standardError.contains("::error"), "annotations are GitHub's")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func manifestDiagnosticsBecomeGitHubAnnotations() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              api: {command: "true", depends_on: [db]}
              job: {command: "true", retries: -1}
            """)
        let run = try MusterBinary.run(["run", "-f", "m.yaml", "--ci", "github"], in: folder.path, environment: Self.noCI)
        #expect(run.status == 2)
        #expect(run.standardError.contains("m.yaml:2:39: error: "), "the usual diagnostics are still there")
        #expect(run.standardError.contains("::error file=m.yaml,line=2,col=39::process 'api' depends on unknown process 'db'"))
        #expect(run.standardError.contains("::error file=m.yaml,line=3,col=35::'retries' must be from 0 to 100, not -1"))
        let check = try MusterBinary.run(["check", "-f", "m.yaml"], in: folder.path, environment: ["GITHUB_ACTIONS": "true"])
        #expect(check.status == 2)
        #expect(check.standardError.contains("::error file=m.yaml,line=2,col=39::"), "detected from GITHUB_ACTIONS")
        let plain = try MusterBinary.run(["check", "-f", "m.yaml"], in: folder.path, environment: Self.noCI)
        #expect(!plain.standardError.contains("::error"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func groupedJobsWritingAtOnceNeverInterleave() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        // Each job writes a line, then waits for the other to have written one before writing
        // more: both are surely writing at the same time.
        let job = { (me: String, other: String) in
            "{command: \"for i in 1 2 3; do echo \(me)-$i; done; touch \(me).mark; while [ ! -e \(other).mark ]; do sleep 0.01; done; for i in 4 5 6; do echo \(me)-$i; done\"}"
        }
        folder.write("m.yaml", "processes:\n  a: \(job("a", "b"))\n  b: \(job("b", "a"))\n")
        let grouped = try MusterBinary.run(["run", "-f", "m.yaml", "--output", "grouped"], in: folder.path, environment: Self.noCI)
        #expect(grouped.status == 0, "\(grouped.standardError)")
        let lines = grouped.standardOutput.split(separator: "\n").map(String.init)
        let blocks = ["a", "b"].map { name in (1...6).map { "\(name) | \(name)-\($0)" } }
        #expect(lines == blocks[0] + blocks[1] || lines == blocks[1] + blocks[0], "\(lines)")
        // Interleaved (the default outside CI), the same run mixes them.
        unlink(folder.path + "/a.mark")
        unlink(folder.path + "/b.mark")
        let interleaved = try MusterBinary.run(["run", "-f", "m.yaml"], in: folder.path, environment: Self.noCI)
        let mixed = interleaved.standardOutput.split(separator: "\n").map(String.init)
        #expect(Set(mixed) == Set(lines))
        #expect(mixed.firstIndex(of: "a | a-4")! > mixed.firstIndex(of: "b | b-3")!)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aLargeGroupedOutputSpillsAndKeepsEveryLineInOrder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        // 400,000 lines (about 5 MB) from one job, while a daemon streams and another job writes.
        let run = try runManifest(
            """
            processes:
              big: {command: "seq 1 400000 | sed 's/^/line-/'; echo done >&2"}
              small: {command: "echo one; echo two"}
              svc: {command: "echo up; exec sleep 30", daemon: true}
            """, ["--ci", "github"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("::group::big — succeeded in ") })
        let body = lines[(start + 1)...].prefix(400_002)
        // Compared apart from #expect, which would print 400,000 lines on a failure.
        let intact = Array(body.prefix(400_000)) == (1...400_000).map { "line-\($0)" }
        #expect(intact, "the block holds every line, in order")
        #expect(body.dropFirst(400_000).first == "done")
        #expect(body.last == "::endgroup::")
        let daemonLine = lines.contains("svc   | up")
        #expect(daemonLine, "daemons' lines stream, prefixed")
        #expect(run.report.status("big") == "succeeded")
    }
}
