import MusterControl
import MusterDashboard
import Testing

struct DashboardRendererTests {
    private func render(_ state: DashboardState, width: Int = 80, height: Int = 24) -> Screen {
        DashboardRenderer.render(state, width: width, height: height, now: DashboardFixtures.now)
    }

    @Test func headerCountsEntriesByStatus() {
        let screen = render(DashboardFixtures.state())
        #expect(screen.text(row: 0).hasPrefix(" muster · shop · up "))
        #expect(screen.text(row: 0).hasSuffix(" · 2 running · 1 failed"))
    }

    @Test func tableShowsEveryColumn() {
        let screen = render(DashboardFixtures.state())
        #expect(screen.text(row: 1) == " NAME    STATUS      READY PID     RESTARTS UPTIME   CPU%   RSS     EXIT")
        #expect(screen.text(row: 2) == " db      running     yes   101     0        42.0s    1.5    3.0M    -")
        #expect(screen.text(row: 3) == " web     running     no    202     1        42.0s    1.5    3.0M    -")
        #expect(screen.text(row: 4) == " migrate failed      -     -       0        -        -      -       3")
    }

    @Test func statusesAreColouredAndTheSelectionInverse() {
        let screen = render(DashboardFixtures.state())
        #expect(screen[2, 9].style.color == .green)
        #expect(screen[3, 9].style.color == .yellow)  // running, not ready
        #expect(screen[4, 9].style.color == .red)
        #expect(screen[2, 1].style.inverse)
        #expect(!screen[3, 1].style.inverse)
    }

    @Test func uptimeCountsOnFromWhenItWasHeard() {
        let screen = DashboardRenderer.render(DashboardFixtures.state(), width: 80, height: 24, now: DashboardFixtures.now + 20)
        #expect(screen.text(row: 2).contains(" 1m2s "))
    }

    @Test func logPaneShowsTheSelectedEntryThenAll() {
        var state = DashboardFixtures.state()
        var screen = render(state)
        #expect(screen.text(row: 5).contains("logs: db · following"))
        #expect(screen.text(row: 6) == "listening on 5432")
        #expect(screen.text(row: 7) == "")
        state.allEntries = true
        screen = render(state)
        #expect(screen.text(row: 6) == "db      | listening on 5432")
        #expect(screen.text(row: 8) == "migrate | relation exists")
    }

    @Test func footerListsTheKeys() {
        let screen = render(DashboardFixtures.state())
        #expect(screen.text(row: 23).hasPrefix("↑↓ select  ⏎ logs  s stop  r restart  t start  d down  / search"))
    }

    @Test func narrowScreenSaysSoInsteadOfDrawing() {
        let screen = render(DashboardFixtures.state(), width: 79, height: 24)
        #expect(screen.lines.joined().contains("muster needs a terminal of at least 80×24; this one is 79×24"))
        #expect(!screen.lines.joined().contains("NAME"))
        let short = render(DashboardFixtures.state(), width: 120, height: 20)
        #expect(short.lines.joined().contains("this one is 120×20"))
    }

    @Test func wideScreenGivesLongNamesRoom() {
        var state = DashboardFixtures.state()
        var response = ControlResponse.success()
        response.process = DashboardFixtures.process("a-rather-long-entry-name", status: "pending")
        state.apply(response, at: DashboardFixtures.now)
        let screen = render(state, width: 120, height: 30)
        #expect(screen.text(row: 5).hasPrefix(" a-rather-long-entry-name pending"))
        let narrow = render(state, width: 80, height: 24)
        #expect(narrow.text(row: 5).hasPrefix(" a-rather-long-e pending"))
    }

    @Test func searchHighlightsEveryMatch() {
        var state = DashboardFixtures.state()
        state.allEntries = true
        let layout = DashboardLayout(width: 80, height: 24, entries: 3)
        for key in [Key.character("/"), .character("e"), .character("x"), .enter] { _ = state.handle(key, layout: layout) }
        let screen = render(state)
        // "migrate | relation exists" on row 8: "ex" at column 19.
        #expect(screen.text(row: 8) == "migrate | relation exists")
        #expect(screen[8, 19].style.inverse && screen[8, 20].style.inverse)
        #expect(!screen[8, 18].style.inverse && !screen[8, 21].style.inverse)
        #expect(screen[8, 19].style.bold)  // the current match
        #expect(screen.text(row: 23) == "match 1 of 1 for ex")
    }

    @Test func graphShowsStagesAsATree() {
        var state = DashboardFixtures.state()
        state.showGraph = true
        let screen = render(state)
        #expect(screen.text(row: 1) == " stage 1")
        #expect(screen.text(row: 2) == " └─ db  running (ready)")
        #expect(screen.text(row: 3) == " stage 2")
        #expect(screen.text(row: 4) == " ├─ web      running  ← db (ready)")
        #expect(screen.text(row: 5) == " └─ migrate  failed  ← db (ready)")
        #expect(screen[5, 4].style.color == .red)
    }

    @Test func helpListsTheKeysInABox() {
        var state = DashboardFixtures.state()
        state.showHelp = true
        let text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("muster dashboard: keys"))
        #expect(text.contains("stop, restart, start the selected entry"))
    }
}
