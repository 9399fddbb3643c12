import Foundation
import Glibc
import MusterTestSupport

/// A real terminal for the dashboard: a tmux server of the test's own (its socket in the
/// sandbox's folder), one pane of a fixed
/// size running `muster ARGS…` through `Tests/Fixtures/tui/in-terminal.sh`, which records
/// `stty -a` before and after muster (`stty.before`, `stty.after`), muster's pid (`tui.pid`)
/// and its exit status (`status`) in the sandbox's folder.
final class TmuxPane {
    let sandbox: ControlSandbox
    private let server: String
    private static let counter = Counter()

    /// Starts `muster ARGS…` in a `width` × `height` pane.
    init(_ arguments: [String], in sandbox: ControlSandbox, width: Int = 100, height: Int = 30) throws {
        self.sandbox = sandbox
        server = sandbox.folder.path + "/tmux.sock"
        let script = MusterBinary.packageRoot + "/Tests/Fixtures/tui/in-terminal.sh"
        var environment = sandbox.environment
        environment["TERM"] = "xterm-256color"
        let exports = ["XDG_RUNTIME_DIR", "PATH", "HOME", "TERM"].compactMap { key in
            environment[key].map { "\(key)='\($0)'" }
        }
        let command = (["env"] + exports + ["sh", script, MusterBinary.path] + arguments).joined(separator: " ")
        try tmux(["new-session", "-d", "-x", String(width), "-y", String(height), "-s", "main", "-c", sandbox.folder.path, command])
    }

    /// Runs `tmux -S SOCKET ARGS…` (killed after 10 s); its standard output. Spawned and waited
    /// for by hand, its output through a file, not a pipe: the server that `new-session` starts
    /// keeps what it inherits open.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = sandbox.folder.path + "/.tmux-output-\(Self.counter.next())"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["/usr/bin/tmux", "-S", server, "-f", "/dev/null"] + arguments
        let environment = sandbox.environment.map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        // Default dispositions and no blocked signal: the test runner may ignore SIGHUP, which
        // would keep the panes' processes (and so the server) alive after kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, &cEnvironment) == 0 else {
            throw TmuxError(description: "cannot start tmux")
        }
        let child = pid
        let exited = Flag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { if !exited.isSet { kill(child, SIGKILL) } }
        // Waits for the end without reaping, so that the watchdog never signals a reused pid.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        exited.set()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        if status != 0 { throw TmuxError(description: "tmux \(arguments.joined(separator: " ")): \(text)") }
        return text
    }

    /// What the pane shows now, one string per row.
    func screen() -> [String] {
        ((try? tmux(["capture-pane", "-p", "-t", "main"])) ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Waits until the pane shows a screen `matches` accepts (looking every 20 ms, up to
    /// `seconds`); that screen, or nil.
    func waitForScreen(seconds: Double = 30, _ matches: ([String]) -> Bool) async -> [String]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let shown = screen()
            if matches(shown) { return shown }
            // The polling interval (tmux says nothing when a pane changes), giving the thread back.
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Waits until some row contains `text`.
    func waitForText(_ text: String, seconds: Double = 30) async -> [String]? {
        await waitForScreen(seconds: seconds) { $0.contains { $0.contains(text) } }
    }

    /// Types `keys` (tmux key names: `j`, `Enter`, `Escape`, `/`).
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "main"] + keys)
    }

    /// Makes the pane `width` × `height`.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", String(width), "-y", String(height)])
    }

    /// muster's exit status once it has ended (up to `seconds`), from the script's `status` file.
    func waitForExit(seconds: Double = 30) async -> Int32? {
        let path = sandbox.folder.path + "/status"
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") {
                return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            // The polling interval (nothing says when the script writes the file), giving the thread back.
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// `stty -a` before and after muster ran in the pane.
    func terminalModes() -> (before: String, after: String) {
        func read(_ name: String) -> String { (try? String(contentsOfFile: sandbox.folder.path + "/" + name, encoding: .utf8)) ?? "" }
        return (read("stty.before"), read("stty.after"))
    }

    /// `stty -a` of the terminal `tty` (the pane's, seen from outside).
    func modes(of tty: String) throws -> String {
        let stty = try WatchedProcess(
            ["-a", "-F", tty], executable: "/bin/stty", in: sandbox.folder.path, environment: sandbox.environment, watchdog: 10)
        return stty.finish().stdout
    }

    /// The pid of the muster in the pane.
    func musterPid() -> Int32? {
        (try? String(contentsOfFile: sandbox.folder.path + "/tui.pid", encoding: .utf8)).flatMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Ends the tmux server.
    func close() {
        _ = try? tmux(["kill-server"])
    }

    private final class Flag: @unchecked Sendable {
        // Guarded by `lock`.
        private var value = false
        private let lock = NSLock()

        var isSet: Bool {
            lock.lock()
            defer { lock.unlock() }
            return value
        }

        func set() {
            lock.lock()
            value = true
            lock.unlock()
        }
    }

    private final class Counter: @unchecked Sendable {
        // Guarded by `lock`.
        private var value = 0
        private let lock = NSLock()

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var description: String
}
