import Foundation
import MusterTestSupport
import Testing

/// The job cache: jobs with `inputs:` are not run again while their inputs, command, env,
/// dependencies and outputs are unchanged.
struct CacheTests {
    /// `build` reads src/, writes out.txt; `test` reads tests/ and depends on `build`. Each run
    /// of either appends its name to runs.log.
    static func manifest(build: String = "cat src/*.txt > out.txt", env: String = "") -> String {
        """
        name: cached
        processes:
          build:
            command: "echo build >> runs.log; echo building; \(build)"
            inputs: ["src/**/*.txt"]
            outputs: [out.txt]\(env.isEmpty ? "" : "\n    env: {\(env)}")
          test:
            command: "echo test >> runs.log; echo testing; grep -q hello out.txt"
            inputs: [tests]
            depends_on: [build]
          plain:
            command: "echo plain >> runs.log"
        """
    }

    /// A folder with the project's inputs.
    static func project() -> TemporaryDirectory {
        let folder = TemporaryDirectory()
        try? FileManager.default.createDirectory(atPath: folder.path + "/src/deep", withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: folder.path + "/tests", withIntermediateDirectories: true)
        folder.write("src/a.txt", "hello\n")
        folder.write("src/deep/b.txt", "deep\n")
        folder.write("tests/t.sh", "true\n")
        return folder
    }

    /// Runs the manifest and returns what ran (from runs.log, which is then emptied).
    static func run(
        _ folder: TemporaryDirectory, _ arguments: [String] = [], environment: [String: String] = [:]
    ) throws -> (ran: [String], result: RunResult) {
        let result = try runManifest(lines(of: "m.yaml", in: folder).joined(separator: "\n"), arguments, in: folder)
        let ran = lines(of: "runs.log", in: folder)
        unlink(folder.path + "/runs.log")
        return (ran, result)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anUnchangedJobIsCachedAndEachKindOfChangeRunsItAgain() throws {
        let folder = Self.project()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest())
        var (ran, result) = try Self.run(folder)
        #expect(ran == ["build", "plain", "test"] || Set(ran) == ["build", "plain", "test"], "\(result.stderr)")
        #expect(result.report.status("build") == "succeeded")

        (ran, result) = try Self.run(folder, ["--junit", "junit.xml"])
        #expect(ran == ["plain"], "jobs without inputs always run")
        #expect(result.status == 0)
        #expect(result.report.status("build") == "cached")
        #expect(result.report["build"]?["cached"] as? Bool == true)
        #expect(result.report["build"]?["attempts"] as? Int == 0)
        #expect(result.report.status("test") == "cached")
        #expect(result.stdout.contains("build | building\n"), "the stored output is replayed")
        #expect(result.stderr.contains("muster: build cached (key "))
        #expect(try validateReport(folder.path + "/report.json").status == 0)
        let junit = try String(contentsOfFile: folder.path + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("<property name=\"muster.cached\" value=\"true\"/>"))
        #expect(!junit.contains("<failure"))

        // An input's contents: build runs, and test, whose dependency's key changed.
        folder.write("src/deep/b.txt", "deeper\n")
        (ran, _) = try Self.run(folder)
        #expect(Set(ran) == ["build", "test", "plain"])
        // Only test's own input: build stays cached.
        folder.write("tests/t.sh", "false\n")
        (ran, _) = try Self.run(folder)
        #expect(Set(ran) == ["test", "plain"])
        // A new input file matched by the glob.
        folder.write("src/deep/c.txt", "new\n")
        (ran, _) = try Self.run(folder)
        #expect(Set(ran) == ["build", "test", "plain"])
        // The command.
        folder.write("m.yaml", Self.manifest(build: "cat src/*.txt src/deep/*.txt > out.txt"))
        (ran, _) = try Self.run(folder)
        #expect(Set(ran) == ["build", "test", "plain"])
        (ran, _) = try Self.run(folder)
        #expect(ran == ["plain"])
        // The env.
        folder.write("m.yaml", Self.manifest(build: "cat src/*.txt src/deep/*.txt > out.txt", env: "MODE: fast"))
        (ran, _) = try Self.run(folder)
        #expect(Set(ran) == ["build", "test", "plain"])
        (ran, _) = try Self.run(folder)
        #expect(ran == ["plain"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aChangedOrDeletedOutputNoCacheAndRerunRunTheJob() throws {
        let folder = Self.project()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest())
        _ = try Self.run(folder)
        folder.write("out.txt", "hello, edited\n")
        var (ran, _) = try Self.run(folder)
        #expect(ran.contains("build"), "an output changed since")
        unlink(folder.path + "/out.txt")
        (ran, _) = try Self.run(folder)
        #expect(ran.contains("build"), "an output is gone")
        (ran, _) = try Self.run(folder, ["--no-cache"])
        #expect(Set(ran) == ["build", "test", "plain"])
        (ran, _) = try Self.run(folder, ["--rerun", "test"])
        #expect(Set(ran) == ["test", "plain"])
        (ran, _) = try Self.run(folder)
        #expect(ran == ["plain"])
        let unknown = try MusterBinary.run(["run", "-f", "m.yaml", "--rerun", "nope"], in: folder.path)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("--rerun nope: no such entry"))
        // muster cache clean empties it.
        let clean = try MusterBinary.run(["-f", "m.yaml", "cache", "clean"], in: folder.path)
        #expect(clean.status == 0, "\(clean.standardError)")
        (ran, _) = try Self.run(folder)
        #expect(Set(ran) == ["build", "test", "plain"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theCacheFolderComesFromTheOptionOrTheEnvironment() throws {
        let folder = Self.project()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest())
        _ = try MusterBinary.run(["run", "-f", "m.yaml", "--cache-dir", "elsewhere"], in: folder.path)
        #expect(exists("elsewhere/jobs", in: folder))
        #expect(!exists(".muster", in: folder))
        _ = try MusterBinary.run(["run", "-f", "m.yaml"], in: folder.path, environment: ["MUSTER_CACHE_DIR": folder.path + "/env-cache"])
        #expect(exists("env-cache/stat-cache", in: folder))
        #expect(!exists(".muster", in: folder))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aTornEntryFromAKilledRunIsAMissAndIsWrittenAgain() throws {
        let folder = Self.project()
        defer { folder.remove() }
        folder.write("m.yaml", Self.manifest())
        _ = try Self.run(folder)
        let jobs = folder.path + "/.muster/cache/jobs"
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: jobs).first { $0.hasPrefix("build-") })
        // What a run killed while writing leaves: a half-written temporary file beside the entry
        // (the entry itself is only ever replaced whole, by rename) — and, worse than muster ever
        // leaves, a truncated entry and a torn stat cache.
        let whole = try String(contentsOfFile: jobs + "/" + entry, encoding: .utf8)
        folder.write(".muster/cache/jobs/\(entry).tmp-AbC123", String(whole.prefix(20)))
        folder.write(".muster/cache/jobs/\(entry)", String(whole.prefix(whole.count - 6)))
        folder.write(".muster/cache/stat-cache", "12 34 5")
        var (ran, result) = try Self.run(folder)
        #expect(result.status == 0)
        #expect(ran.contains("build"), "a torn entry is a miss")
        (ran, _) = try Self.run(folder)
        #expect(ran == ["plain"], "and was written whole again")
        // The stat cache is rewritten in its binary format; a record cut short is read again.
        let statCache = folder.path + "/.muster/cache/stat-cache"
        let stored = try #require(FileManager.default.contents(atPath: statCache))
        #expect(stored.starts(with: Array("muster-stat-cache 2\n".utf8)))
        try stored.dropLast(7).write(to: URL(fileURLWithPath: statCache))
        (ran, _) = try Self.run(folder)
        #expect(ran == ["plain"], "a file whose record was cut short is hashed again, to the same digest")
        #expect(FileManager.default.contents(atPath: statCache)?.count == stored.count, "and its record written again")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func twoRunsAtOnceShareTheCacheSafely() throws {
        let folder = Self.project()
        defer { folder.remove() }
        // Two manifests alike (one run per manifest at a time), sharing .muster/cache beside them.
        folder.write("m.yaml", Self.manifest())
        folder.write("twin.yaml", Self.manifest())
        let runs = ["m.yaml", "twin.yaml"].map { manifest in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: MusterBinary.path)
            process.arguments = ["run", "-f", manifest, "--quiet"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            process.environment = ProcessInfo.processInfo.environment.filter { !MusterBinary.ciVariables.contains($0.key) }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for run in runs { try run.run() }
        for run in runs { run.waitUntilExit() }
        #expect(runs.map(\.terminationStatus) == [0, 0])
        unlink(folder.path + "/runs.log")
        let (ran, result) = try Self.run(folder)
        #expect(ran == ["plain"], "\(result.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/.muster/cache/jobs")
        #expect(leftovers.allSatisfy { !$0.contains(".tmp-") }, "\(leftovers)")
    }
}
