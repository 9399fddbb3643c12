import Foundation
import Glibc
import MusterTestSupport
import Testing

/// The dashboard in a real terminal: tmux panes of a fixed size running `muster tui` and
/// `muster up --tui` against real processes, driven with keys and read with capture-pane. One
/// at a time: each runs a tmux server, a run and a dashboard, and polls the screen.
@Suite(.serialized)
struct DashboardTerminalTests {
    /// A daemon, a second one depending on it that prints a line a test can search for, and a job.
    static let manifest = """
        name: shop
        processes:
          db:
            command: "echo db listening; exec sleep 300"
            daemon: true
          web:
            command: "echo web serving; echo the needle is here; exec sleep 300"
            daemon: true
            depends_on: [db]
          migrate:
            command: "echo migrated"
            depends_on: [db]
        """

    /// The pane's table row of `name`, split on blanks (NAME STATUS READY PID …).
    private func row(_ name: String, in screen: [String]) -> [String]? {
        screen.lazy.map { $0.split(separator: " ").map(String.init) }.first { $0.first == name }
    }

    /// Waits until the table shows every entry of the manifest settled: both daemons running with
    /// a pid, the job succeeded.
    private func waitForSettledTable(_ pane: TmuxPane) async -> [String]? {
        await pane.waitForScreen { screen in
            row("db", in: screen)?[1] == "running" && row("web", in: screen)?[1] == "running"
                && row("migrate", in: screen)?[1] == "succeeded"
        }
    }

    /// How a test's dashboard comes up.
    enum DashboardStart {
        /// `muster tui` attached to an `up -d` of the test's manifest.
        case attached
        /// `muster up --tui` of it.
        case upTui
    }

    /// Runs `body` with a dashboard of the test's manifest in a pane of `width`×`height`, once its
    /// table has settled (that screen is `body`'s third argument); afterwards the pane is closed
    /// and the run brought down.
    private func withDashboard(
        _ start: DashboardStart, width: Int = 100, height: Int = 30,
        _ body: (ControlSandbox, TmuxPane, [String]) async throws -> Void
    ) async throws {
        let sandbox = ControlSandbox(manifest: Self.manifest)
        defer { sandbox.remove() }
        if start == .attached {
            let up = try sandbox.muster(["up", "-d", "-f", "m.yaml"])
            try #require(up.status == 0, "\(up.stderr)")
        }
        defer { _ = try? sandbox.muster(["down", "-f", "m.yaml"]) }
        let command = start == .attached ? ["tui", "-f", "m.yaml"] : ["up", "--tui", "-f", "m.yaml"]
        let pane = try TmuxPane(command, in: sandbox, width: width, height: height)
        defer { pane.close() }
        let screen = try #require(await waitForSettledTable(pane), "\(pane.screen().joined(separator: "\n"))")
        try await body(sandbox, pane, screen)
    }

    private func expectSaneTerminal(_ pane: TmuxPane, _ comment: Comment) {
        let modes = pane.terminalModes()
        #expect(!modes.before.isEmpty && modes.before == modes.after, comment)
        #expect(modes.after.contains(" echo ") && modes.after.contains(" icanon "), comment)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func tuiAttachesToADetachedRunAndItsTableMatchesPs() async throws {
        try await withDashboard(.attached) { sandbox, pane, screen in
            #expect(screen[0].hasPrefix(" muster · shop · up "))
            #expect(screen[1].split(separator: " ") == ["NAME", "STATUS", "READY", "PID", "RESTARTS", "UPTIME", "CPU%", "RSS", "EXIT"])
            let ps = try sandbox.ps()
            for name in ["db", "web", "migrate"] {
                let cells = try #require(row(name, in: screen))
                #expect(cells[1] == ps.status(name))
                #expect(cells[3] == ps.pid(name).map(String.init))
                #expect(cells[4] == "0")
                #expect(cells[8] == (ps.exitcode(name).map(String.init) ?? "-"))
            }
            #expect(await pane.waitForText("db listening") != nil, "the log pane shows the selected entry's lines")
            try pane.send("q")
            #expect(await pane.waitForExit() == 0)
            expectSaneTerminal(pane, "q")
            #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 0, "the run goes on after q")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func restartAnswersInTheFooterWithANewPid() async throws {
        try await withDashboard(.upTui) { sandbox, pane, screen in
            let oldPid = try #require(row("web", in: screen)?[3])
            try pane.send("j")
            #expect(await pane.waitForText("logs: web") != nil)
            try pane.send("r")
            let answered = try #require(await pane.waitForText("web restarted, pid "), "\(pane.screen().joined(separator: "\n"))")
            let footer = try #require(answered.last { !$0.isEmpty })
            let newPid = String(try #require(footer.split(separator: " ").last))
            #expect(newPid != oldPid)
            #expect(try sandbox.ps().pid("web").map(String.init) == newPid)
            #expect(await pane.waitForScreen { self.row("web", in: $0)?[3] == newPid && self.row("web", in: $0)?[4] == "1" } != nil)
            // q in up --tui asks; s stops everything, and muster exits with the run's status.
            try pane.send("q")
            #expect(await pane.waitForText("Quit: s stop everything, d detach") != nil)
            try pane.send("s")
            #expect(await pane.waitForExit() == 0)
            expectSaneTerminal(pane, "q, then stop everything")
            #expect(await pane.waitForText("shop: succeeded in ") != nil, "the run's summary, as up prints it")
            #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 1, "the run is over")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func searchFindsALineAndQDetachesLeavingTheRunGoing() async throws {
        try await withDashboard(.upTui) { sandbox, pane, _ in
            try pane.send("a")
            #expect(await pane.waitForText("logs: all entries") != nil)
            try pane.send("/", "n", "e", "e", "d", "l", "e", "Enter")
            let found = try #require(await pane.waitForText("match 1 of 1 for needle"))
            #expect(found.contains { $0.hasPrefix("web") && $0.hasSuffix("| the needle is here") })
            try pane.send("q")
            #expect(await pane.waitForText("Quit: s stop everything, d detach") != nil)
            try pane.send("d")
            #expect(await pane.waitForExit() == 0)
            expectSaneTerminal(pane, "q, then detach")
            #expect(await pane.waitForText("shop goes on in the background") != nil)
            #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 0, "the run goes on after detaching")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aClickSelectsARowAndTheWheelScrollsTheLogs() async throws {
        try await withDashboard(.attached) { sandbox, pane, _ in
            // SGR mouse reports, as a terminal sends them: a left click on the 5th row (migrate's),
            // its release, then the wheel turned up once over the log pane.
            try pane.tmux(["send-keys", "-t", "main", "-l", "\u{1B}[<0;3;5M\u{1B}[<0;3;5m"])
            #expect(await pane.waitForText("logs: migrate · following") != nil, "\(pane.screen().joined(separator: "\n"))")
            try pane.send("a")
            #expect(await pane.waitForText("logs: all entries · following") != nil)
            try pane.tmux(["send-keys", "-t", "main", "-l", "\u{1B}[<64;10;15M"])
            #expect(await pane.waitForText("logs: all entries · 3 lines below") != nil, "\(pane.screen().joined(separator: "\n"))")
            try pane.send("End")
            #expect(await pane.waitForText("logs: all entries · following") != nil)
            try pane.send("q")
            #expect(await pane.waitForExit() == 0)
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aResizeRedrawsAndATinyTerminalIsToldSo() async throws {
        try await withDashboard(.attached, width: 80, height: 24) { sandbox, pane, _ in
            try pane.resize(width: 120, height: 40)
            let wide = await pane.waitForScreen { $0.count >= 40 && $0.contains { $0.hasPrefix("──") && $0.count == 120 } }
            #expect(wide != nil, "\(pane.screen().joined(separator: "\n"))")
            try pane.resize(width: 70, height: 20)
            #expect(await pane.waitForText("muster needs a terminal of at least 80×24; this one is 70×20") != nil)
            try pane.resize(width: 90, height: 26)
            #expect(await waitForSettledTable(pane) != nil)
            try pane.send("q")
            #expect(await pane.waitForExit() == 0)
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func downAfterAYesEndsTheRunAndTheTerminalIsSane() async throws {
        try await withDashboard(.attached) { sandbox, pane, _ in
            try pane.send("d")
            #expect(await pane.waitForText("Stop the whole run (muster down)? y/n") != nil)
            try pane.send("n")
            #expect(await pane.waitForText("down cancelled") != nil)
            try pane.send("d")
            #expect(await pane.waitForText("Stop the whole run (muster down)? y/n") != nil)
            try pane.send("y")
            #expect(await pane.waitForExit() == 0)
            expectSaneTerminal(pane, "d, y")
            #expect(await pane.waitForText("muster: the run ended: succeeded (exit 0)") != nil)
            #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 1, "the run is over")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func sigtermLeavesTheTerminalSane() async throws {
        try await withDashboard(.attached) { sandbox, pane, _ in
            let pid = try #require(pane.musterPid())
            kill(pid, SIGTERM)
            #expect(await pane.waitForExit() == 0)
            expectSaneTerminal(pane, "SIGTERM")
            #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 0, "a dashboard that only watches stops nothing")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func sigintToUpTuiStopsTheRunAsItStopsUp() async throws {
        try await withDashboard(.upTui) { sandbox, pane, _ in
            let pid = try #require(pane.musterPid())
            kill(pid, SIGINT)
            #expect(await pane.waitForExit() == 0, "a clean shutdown of up")
            expectSaneTerminal(pane, "SIGINT to up --tui")
            #expect(await pane.waitForText("shop: succeeded in ") != nil)
            #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 1, "the run is over")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aCrashLeavesTheTerminalSane() async throws {
        try await withDashboard(.attached) { sandbox, pane, _ in
            let pid = try #require(pane.musterPid())
            kill(pid, SIGABRT)
            #expect(await pane.waitForExit() == 128 + SIGABRT, "it still ends by the signal")
            expectSaneTerminal(pane, "SIGABRT")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aStopGivesTheTerminalBackAndContinuingTakesItAgain() async throws {
        try await withDashboard(.attached) { sandbox, pane, _ in
            let pid = try #require(pane.musterPid())
            let tty = try pane.tmux(["display-message", "-p", "-t", "main", "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try pane.modes(of: tty).contains(" -icanon "), "raw mode while drawing")
            kill(pid, SIGTSTP)
            #expect(await pane.waitForScreen { _ in ControlSupport.procStat(pid)?.first == "T" } != nil, "it stopped")
            #expect(try pane.modes(of: tty) == pane.terminalModes().before, "stopped, the terminal is as it was")
            kill(pid, SIGCONT)
            #expect(await pane.waitForScreen { _ in (try? pane.modes(of: tty).contains(" -icanon ")) == true } != nil)
            #expect(await waitForSettledTable(pane) != nil, "continued, it draws again")
            try pane.send("q")
            #expect(await pane.waitForExit() == 0)
            expectSaneTerminal(pane, "stop, continue, q")
        }
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func withoutATerminalTheDashboardIsRefused() async throws {
        let sandbox = ControlSandbox(manifest: Self.manifest)
        defer { sandbox.remove() }
        for arguments in [["tui", "-f", "m.yaml"], ["up", "--tui", "-f", "m.yaml"]] {
            let result = try sandbox.muster(arguments)
            #expect(result.status == 2)
            #expect(result.stderr == "muster: error: the dashboard needs a terminal: standard input and output must be a TTY\n")
        }
        #expect(try sandbox.muster(["ps", "-f", "m.yaml"]).status == 1, "nothing was started")
    }
}
