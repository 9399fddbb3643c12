import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `watch:` in `up` (inotify): the build → server loop, a failed build, a change mid-build, a path
/// that appears later; and the manifest reloading by itself when it is saved.
struct WatchTests {
    static let loop = """
        processes:
          build:
            command: "echo building $(cat src/app.txt); if [ -e block ]; then rm block; sleep 300; fi; if grep -q broken src/app.txt; then exit 1; fi; cp src/app.txt out.txt"
            watch: [src]
          server:
            command: "echo serving $(cat out.txt); exec sleep 300"
            daemon: true
            depends_on: {build: succeeded}
        """

    /// Starts `up` in `sandbox` with `src/app.txt` saying v1 and waits for the server.
    static func startLoop(_ sandbox: ControlSandbox) throws -> WatchedProcess {
        try FileManager.default.createDirectory(atPath: sandbox.folder.path + "/src", withIntermediateDirectories: true)
        sandbox.folder.write("src/app.txt", "v1\n")
        let up = try sandbox.up()
        try #require(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| serving v1") } != nil, "\(up.text(of: .standardError))")
        return up
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aSaveRebuildsThenRestartsTheServerAndAFailedBuildLeavesItRunning() throws {
        let sandbox = ControlSandbox(manifest: Self.loop)
        defer { sandbox.remove() }
        let up = try Self.startLoop(sandbox)
        defer { up.shutDown() }
        let first = try #require(try sandbox.ps().pid("server"))
        sandbox.folder.write("src/app.txt", "v2\n")
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| serving v2") } != nil, "\(up.text(of: .standardError))")
        #expect(up.text(of: .standardError).contains("muster: build: src/app.txt changed, running again"))
        #expect(!processIsAlive(first))
        let second = try #require(try sandbox.ps().pid("server"))
        #expect(second != first)
        sandbox.folder.write("src/app.txt", "broken\n")
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: build failed; server keeps running as before") } != nil)
        let ps = try sandbox.ps()
        #expect(ps.pid("server") == second && ps.status("server") == "running")
        #expect(ps.status("build") == "failed")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aChangeDuringARebuildCancelsItAndBuildsAgain() throws {
        let sandbox = ControlSandbox(manifest: Self.loop)
        defer { sandbox.remove() }
        let up = try Self.startLoop(sandbox)
        defer { up.shutDown() }
        // The next build blocks (once) until it is cancelled.
        sandbox.folder.write("block", "")
        sandbox.folder.write("src/app.txt", "v2\n")
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| building v2") } != nil)
        sandbox.folder.write("src/app.txt", "v3\n")
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| building v3") } != nil, "\(up.text(of: .standardError))")
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| serving v3") } != nil, "\(up.text(of: .standardError))")
        #expect(!up.text(of: .standardOutput).contains("serving v2"), "the cancelled build never served")
        #expect(up.text(of: .standardError).contains("muster: build killed by SIGTERM; it starts again once its dependencies hold"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aWatchedPathThatDoesNotExistIsWatchedOnceItAppears() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  web: {command: "echo up; exec sleep 300", daemon: true, watch: [later/conf]}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.contains("warning: web: later/conf does not exist; it is watched once it appears") } != nil)
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| up") } != nil)
        try FileManager.default.createDirectory(atPath: sandbox.folder.path + "/later/conf", withIntermediateDirectories: true)
        sandbox.folder.write("later/conf/app.ini", "x=1\n")
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: web: later/conf") && $0.hasSuffix("changed, restarting") } != nil, "\(up.text(of: .standardError))")
        #expect(up.waitForLines(2, on: .standardOutput) { $0.hasSuffix("| up") }.count == 2)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aGlobOverAHundredThousandFilesWatchesThemAll() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  web: {command: "echo up; exec sleep 300", daemon: true, watch: ["data/**/*.txt"]}
                """)
        defer { sandbox.remove() }
        // 100 folders of 1,000 files each, written with plain system calls to keep the set-up short.
        for folder in 0..<100 {
            let path = sandbox.folder.path + "/data/d\(folder)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in 0..<1_000 {
                let fd = open(path + "/f\(file).txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                try #require(fd >= 0)
                close(fd)
            }
        }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| up") } != nil, "\(up.text(of: .standardError))")
        sandbox.folder.write("data/d57/other.log", "not matched\n")
        sandbox.folder.write("data/d99/f999.txt", "changed\n")
        let changed = up.waitForLine(on: .standardError) { $0.hasSuffix("changed, restarting") }
        #expect(changed?.contains("web: data/d99/f999.txt changed") == true, "\(up.text(of: .standardError))")
        #expect(up.waitForLines(2, on: .standardOutput) { $0.hasSuffix("| up") }.count == 2)
        #expect(!up.text(of: .standardError).contains("other.log"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func savingTheManifestReloadsItAndAnInvalidSaveChangesNothing() throws {
        let sandbox = ControlSandbox(manifest: "processes:\n  a: {command: \"exec sleep 300\", daemon: true}\n")
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: a started") } != nil)
        let a = try sandbox.ps().pid("a")
        sandbox.folder.write("m.yaml", "processes:\n  a: {command: \"exec sleep 300\", daemon: true, depends_on: [zz]}\n")
        #expect(up.waitForLine(on: .standardError) { $0.contains("the manifest changed: the manifest is not valid; nothing changed") } != nil)
        #expect(up.waitForLine(on: .standardError) { $0.contains("depends on unknown process 'zz'") } != nil)
        sandbox.folder.write(
            "m.yaml", "processes:\n  a: {command: \"exec sleep 300\", daemon: true}\n  b: {command: \"exec sleep 301\", daemon: true}\n")
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: the manifest changed: + b") } != nil, "\(up.text(of: .standardError))")
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: b started") } != nil)
        #expect(try sandbox.ps().pid("a") == a)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func runningOutOfInotifyWatchesIsAWarningAndTheRunGoesOn() throws {
        let sandbox = ControlSandbox(
            manifest: "processes:\n  web: {command: \"echo up; exec sleep 300\", daemon: true, watch: [tree]}\n")
        defer { sandbox.remove() }
        for index in 0..<10 { sandbox.folder.write("tree/d\(index)/f.txt", "") }
        // A user namespace of its own, whose user may hold 3 inotify watches.
        let up = try WatchedProcess(
            ["-Ur", "sh", "-c", "echo 3 > /proc/sys/user/max_inotify_watches && exec \"$0\" up -f m.yaml", MusterBinary.path],
            executable: "/usr/bin/unshare", in: sandbox.folder.path, environment: sandbox.environment, watchdog: 40)
        defer { up.shutDown() }
        #expect(
            up.waitForLine(on: .standardError) { $0.contains("warning: inotify has no watches left") && $0.contains("fs.inotify.max_user_watches") } != nil,
            "\(up.text(of: .standardError))")
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| up") } != nil, "\(up.text(of: .standardError))")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func runIgnoresWatch() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let result = try runManifest("processes:\n  a: {command: \"true\", watch: [nowhere]}\n", in: folder)
        #expect(result.status == 0)
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
    }
}

/// examples/watch-loop.yaml, run from a copy: a save rebuilds and restarts the server, which
/// answers with the new text.
struct WatchLoopExampleTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func savingTheAppRebuildsAndRestartsTheServer() throws {
        let sandbox = ControlSandbox()
        defer { sandbox.remove() }
        let examples = MusterBinary.packageRoot + "/examples"
        try FileManager.default.copyItem(atPath: examples + "/watch-loop.yaml", toPath: sandbox.folder.path + "/m.yaml")
        try FileManager.default.copyItem(atPath: examples + "/watch-loop", toPath: sandbox.folder.path + "/watch-loop")
        let port = String(20000 + Int(getpid() % 20000))
        let up = try sandbox.up(environment: ["PORT": port])
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: server ready") } != nil, "\(up.text(of: .standardError))")
        let app = sandbox.folder.path + "/watch-loop/app.py"
        let source = try String(contentsOfFile: app, encoding: .utf8)
        try source.replacingOccurrences(of: "hello from the watch loop", with: "saved again").write(toFile: app, atomically: false, encoding: .utf8)
        #expect(up.waitForLine(on: .standardError) { $0.contains("muster: build: app.py changed, running again") } != nil)
        #expect(up.waitForLines(2, on: .standardError) { $0.contains("muster: server ready") }.count == 2, "\(up.text(of: .standardError))")
        let page = try MusterBinary.run(
            ["-c", "import urllib.request, sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())", "http://127.0.0.1:\(port)/"],
            executable: "/usr/bin/python3")
        #expect(page.standardOutput == "saved again\n", "\(page.standardError)")
    }
}
