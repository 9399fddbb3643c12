import MusterExec
import MusterManifest
import MusterReport
import Testing

/// The critical path and the timeline's axis, on records built by hand (no processes).
struct CriticalPathTests {
    static let t0 = 1_764_064_800.0
    static let at = SourceLocation(file: "m.yaml", line: 1, column: 1)

    /// An entry that ran from `start` to `end` seconds after `t0`, depending on `dependencies`.
    static func entry(
        _ name: String, _ start: Double?, _ end: Double?, daemon: Bool = false, ready: Double? = nil,
        status: EntryStatus = .succeeded, on dependencies: [(String, DependencyCondition)] = []
    ) -> EntryRecord {
        var record = EntryRecord(
            ProcessSpec(
                name: name, nameLocation: at, daemon: daemon, command: .shell("true"),
                dependencies: dependencies.map { Dependency(name: $0.0, condition: $0.1, location: at) },
                workingDirectory: "/"))
        record.status = status
        record.startedAt = start.map { WallTime(seconds: t0 + $0) }
        record.finishedAt = end.map { WallTime(seconds: t0 + $0) }
        record.readyAt = ready.map { WallTime(seconds: t0 + $0) }
        record.attempts = start == nil ? 0 : 1
        return record
    }

    static func run(_ entries: [EntryRecord], end: Double) -> RunRecord {
        RunRecord(
            manifestPath: "m.yaml", name: "pipe", outcome: .succeeded, exitCode: 0, startedAt: WallTime(seconds: t0),
            finishedAt: WallTime(seconds: t0 + end), authkeyFingerprint: "sha256:0", entries: entries)
    }

    /// prepare → {lint (short), build (long)} → unit-test; db is a daemon unit-test waits for.
    @Test func followsTheDependencyThatHeldEachStepBack() throws {
        let record = Self.run(
            [
                Self.entry("prepare", 0, 2),
                Self.entry("db", 0, 43, daemon: true, ready: 5, status: .terminated),
                Self.entry("lint", 2, 4, on: [("prepare", .succeeded)]),
                Self.entry("build", 2, 30, on: [("prepare", .succeeded)]),
                Self.entry("unit-test", 30, 41.2, on: [("lint", .succeeded), ("build", .succeeded), ("db", .ready)]),
                Self.entry("docs", 2, 3, on: [("prepare", .succeeded)]),
            ], end: 43)
        let path = try #require(CriticalPath.of(record))
        #expect(path.names == ["prepare", "build", "unit-test"])
        #expect(path.line == "critical path: prepare → build → unit-test (41.2 s of 43.0 s)")
    }

    @Test func aReadyDaemonCanBeOnThePath() throws {
        let record = Self.run(
            [
                Self.entry("db", 0, 10, daemon: true, ready: 4, status: .terminated),
                Self.entry("migrate", 4.05, 6, on: [("db", .ready)]),
            ], end: 10)
        let path = try #require(CriticalPath.of(record))
        #expect(path.names == ["db", "migrate"])
        #expect(path.line == "critical path: db → migrate (6.0 s of 10.0 s)")
    }

    @Test func aRunShorterThanASecondIsTimedInMilliseconds() throws {
        let record = Self.run([Self.entry("a", 0.004, 0.036)], end: 0.046)
        #expect(try #require(CriticalPath.of(record)).line == "critical path: a (0.032 s of 0.046 s)")
    }

    @Test func noJobMeansNoPath() {
        #expect(CriticalPath.of(Self.run([Self.entry("db", 0, 1, daemon: true)], end: 1)) == nil)
        #expect(CriticalPath.of(Self.run([Self.entry("never", nil, nil, status: .skipped)], end: 1)) == nil)
    }

    @Test func theSummaryEndsWithThePathThenTheExitStatus() {
        let record = Self.run([Self.entry("a", 0, 1), Self.entry("b", 1, 2.5, on: [("a", .succeeded)])], end: 2.5)
        let lines = SummaryTable.render(record, colored: false).split(separator: "\n")
        #expect(lines.suffix(2) == ["critical path: a → b (2.5 s of 2.5 s)", "pipe: succeeded in 2.5s, exit status 0"])
    }
}
