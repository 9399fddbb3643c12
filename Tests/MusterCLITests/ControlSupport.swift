import Foundation
import Glibc
import MusterTestSupport
import Testing

// MARK: - A test's own project folder and control folder

/// A fresh, short folder under /tmp for a test's `XDG_RUNTIME_DIR` (muster ignores one too deep
/// for a socket path, whatever `TMPDIR` is).
struct RuntimeDirectory {
    let path: String

    init() {
        var template = Array("/tmp/muster-rt-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(cString: created!)
    }

    func remove() {
        _ = system("rm -rf '\(path)'")
    }
}

/// What a control client printed and how it exited.
struct ClientResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A project folder with a manifest, and a private `XDG_RUNTIME_DIR` so the run's control files
/// never meet another test's (or another run's on the machine).
struct ControlSandbox {
    /// Where the manifest is and muster runs.
    let folder = TemporaryDirectory()
    /// The test's `XDG_RUNTIME_DIR`.
    let runtime = RuntimeDirectory()

    init(manifest: String? = nil, file: String = "m.yaml") {
        if let manifest { folder.write(file, manifest) }
    }

    /// Where muster puts the socket, key and lock.
    var controlFolder: String { runtime.path + "/muster" }

    /// The test runner's environment without anything that would point muster at another run,
    /// plus the private `XDG_RUNTIME_DIR`.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR", "MUSTER_CONTROL_SOCKET", "MUSTER_AUTHKEY", "MUSTER_NAME"] + MusterBinary.ciVariables {
            environment[key] = nil
        }
        environment["XDG_RUNTIME_DIR"] = runtime.path
        return environment
    }

    /// `PATH` with the built `muster` first, for entries that call `muster`.
    var pathWithMuster: String {
        let binaries = URL(fileURLWithPath: MusterBinary.path).deletingLastPathComponent().path
        return binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    /// Starts `muster ARGS…` in the project folder (or `directory`) in the background.
    func start(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:], watchdog: Double = 40
    ) throws -> WatchedProcess {
        try WatchedProcess(
            arguments, in: directory ?? folder.path, environment: environment.merging(extra) { _, new in new },
            watchdog: watchdog)
    }

    /// Starts `muster up -f m.yaml --json report.json` in the background.
    func up(file: String = "m.yaml", environment extra: [String: String] = [:]) throws -> WatchedProcess {
        try start(["up", "-f", file, "--json", "report.json"], environment: extra)
    }

    /// Runs the client `muster ARGS…` to its end (killed after `watchdog` seconds).
    func muster(
        _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:], watchdog: Double = 30
    ) throws -> ClientResult {
        let result = try start(arguments, in: directory, environment: extra, watchdog: watchdog).finish()
        return ClientResult(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// `muster ps -f FILE --json`, parsed; fails the test when it does not exit 0.
    func ps(file: String = "m.yaml") throws -> Report {
        let result = try muster(["ps", "-f", file, "--json"])
        try #require(result.status == 0, "muster ps failed: \(result.stderr)")
        return try Report(text: result.stdout)
    }

    /// The names of the files in the control folder, sorted.
    func controlFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: controlFolder)) ?? []).sorted()
    }

    /// The full path of the one control file whose name ends with `suffix` (".sock", ".key").
    func controlFile(endingWith suffix: String) throws -> String {
        let matching = controlFiles().filter { $0.hasSuffix(suffix) }
        try #require(matching.count == 1, "expected one *\(suffix) in \(controlFolder): \(controlFiles())")
        return controlFolder + "/" + matching[0]
    }

    func remove() {
        folder.remove()
        runtime.remove()
    }
}

// MARK: - Reading what clients print and what /proc says

enum ControlSupport {
    /// The cells of each line of a `muster ps` table (header included).
    static func tableRows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// The table's row for entry `name`, nil when there is none.
    static func row(_ name: String, in text: String) -> [String]? {
        tableRows(text).dropFirst().first { $0.first == name }
    }

    /// The fields of /proc/PID/stat after the command name: state, ppid, pgrp, …; nil when the
    /// process does not exist.
    static func procStat(_ pid: Int32) -> [String]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").map(String.init)
    }

    /// The process group of `pid`, from /proc/PID/stat.
    static func processGroup(of pid: Int32) -> Int32? {
        procStat(pid).flatMap { $0.count > 2 ? Int32($0[2]) : nil }
    }

    /// /proc/PID/cmdline with its NULs as spaces.
    static func commandLine(of pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// The permission bits of `path` (not following a symlink), nil when it does not exist.
    static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// The file type bits of `path`.
    static func type(of path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// Writes `text` to the FIFO at `path` (blocking until a reader opens it) and closes it.
    static func writeToFIFO(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0, "cannot open \(path): \(String(cString: strerror(errno)))")
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
    }

    /// A hand-written control client: connects to `socket`, prints the greeting, answers it with
    /// `{"response": "00"}` (or, when `key` is given, the right HMAC) and prints the answer; when
    /// accepted, sends a `ps` request and prints its answer; finally prints `EOF` if the server
    /// has closed the connection.
    static let handWrittenClient = #"""
        import hashlib, hmac, json, socket, sys
        path, key = sys.argv[1], sys.argv[2]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(20)
        s.connect(path)
        f = s.makefile("rwb")
        line = f.readline()
        print(line.decode().strip())
        greeting = json.loads(line)
        answer = "00" if key == "-" else hmac.new(bytes.fromhex(key), bytes.fromhex(greeting["challenge"]), hashlib.sha256).hexdigest()
        f.write((json.dumps({"response": answer}) + "\n").encode())
        f.flush()
        welcome = f.readline()
        print(welcome.decode().strip())
        try:
            f.write(b'{"command":"ps"}\n')
            f.flush()
            more = f.readline()
        except OSError:
            more = b""
        print(more.decode().strip() if more else "EOF")
        """#

    /// Opens `argv[2]` connections to the socket `argv[1]`, reads each greeting and then says
    /// nothing; prints `holding N` and waits to be killed.
    static let idleConnections = #"""
        import signal, socket, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        path, count = sys.argv[1], int(sys.argv[2])
        held = []
        for _ in range(count):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            held.append(s)
        print("holding", count, flush=True)
        signal.pause()
        """#

    /// The lines the hand-written client printed, parsed as JSON objects (`EOF` as nil).
    static func jsonLines(_ output: String) -> [[String: Any]?] {
        output.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}
