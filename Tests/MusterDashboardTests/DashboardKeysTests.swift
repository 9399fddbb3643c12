import MusterControl
import MusterDashboard
import Testing

struct DashboardKeysTests {
    private let layout = DashboardLayout(width: 80, height: 24, entries: 3)

    private func press(_ keys: [Key], on state: inout DashboardState) -> [DashboardCommand] {
        keys.compactMap { state.handle($0, layout: layout) }
    }

    @Test func selectionMovesAndStopsAtTheEnds() {
        var state = DashboardFixtures.state()
        _ = press([.down, .character("j"), .down], on: &state)
        #expect(state.selectedProcess?.name == "migrate")
        _ = press([.up, .character("k"), .character("k")], on: &state)
        #expect(state.selectedProcess?.name == "db")
    }

    @Test func entryKeysAskForTheSelectedEntry() {
        var state = DashboardFixtures.state()
        #expect(press([.down, .character("r"), .character("s"), .character("t")], on: &state) == [
            .restart("web"), .stop("web"), .start("web"),
        ])
        #expect(state.message == "starting web…")
    }

    @Test func downNeedsAYes() {
        var state = DashboardFixtures.state()
        #expect(press([.character("d"), .character("n")], on: &state).isEmpty)
        #expect(state.message == "down cancelled")
        #expect(press([.character("d")], on: &state).isEmpty)
        #expect(state.prompt == .confirmDown)
        #expect(press([.character("y")], on: &state) == [.down])
    }

    @Test func quitAsksOnlyWhenTheDashboardOwnsTheRun() {
        var watching = DashboardFixtures.state()
        #expect(press([.character("q")], on: &watching) == [.quit])
        var owning = DashboardFixtures.state()
        owning.ownsRun = true
        #expect(press([.character("q")], on: &owning).isEmpty)
        #expect(owning.prompt == .confirmQuit)
        #expect(press([.escape, .character("q"), .character("s")], on: &owning) == [.stopAndQuit])
        #expect(press([.character("q"), .character("d")], on: &owning) == [.quit])
    }

    @Test func filterNarrowsTheTable() {
        var state = DashboardFixtures.state()
        _ = press([.character("f"), .character("e"), .enter], on: &state)
        #expect(state.visibleProcesses.map(\.name) == ["web", "migrate"])
        #expect(state.selectedProcess?.name == "web")
        _ = press([.character("f"), .escape], on: &state)
        #expect(state.visibleProcesses.count == 3)
    }

    @Test func searchMovesBetweenMatches() {
        var state = DashboardState()
        var first = ControlResponse.success()
        first.processes = [DashboardFixtures.process("web", status: "running", pid: 7)]
        first.lines = (1...60).map { "web | line \($0)" + ($0 % 20 == 0 ? " ERROR" : "") }
        state.apply(first, at: 0)
        _ = press([.character("/")] + "ERROR".map { Key.character($0) } + [.enter], on: &state)
        #expect(state.message == "match 3 of 3 for ERROR")
        _ = press([.character("n")], on: &state)
        #expect(state.message == "match 2 of 3 for ERROR")
        #expect(state.scroll > 0)
        let screen = DashboardRenderer.render(state, width: 80, height: 24, now: 0)
        #expect(screen.lines.contains("line 40 ERROR"))
        _ = press([.character("n"), .character("n")], on: &state)
        #expect(state.message == "no older match for ERROR")
        _ = press([.character("N")], on: &state)
        #expect(state.message == "match 2 of 3 for ERROR")
        _ = press([.end], on: &state)
        #expect(state.scroll == 0)
    }

    @Test func mouseSelectsRowsAndScrollsTheLog() {
        var state = DashboardFixtures.state()
        _ = press([.mouse(MouseEvent(action: .press, row: 4, column: 3))], on: &state)
        #expect(state.selectedProcess?.name == "migrate")
        state.allEntries = true
        _ = press([.mouse(MouseEvent(action: .wheelUp, row: 10, column: 3))], on: &state)
        #expect(state.scroll == 2)  // three lines up, at most to the first line
        _ = press([.mouse(MouseEvent(action: .wheelDown, row: 10, column: 3))], on: &state)
        #expect(state.scroll == 0)
    }

    @Test func stateChangesAndCostsUpdateTheTable() {
        var state = DashboardFixtures.state()
        var restarted = ControlResponse.success()
        restarted.process = DashboardFixtures.process("web", status: "running", pid: 303, ready: true, restarts: 2)
        restarted.process?.cpu_percent = nil
        state.apply(restarted, at: DashboardFixtures.now)
        var costs = ControlResponse.success()
        costs.costs = [ProcessCost(name: "web", cpu_percent: 12.5, rss_bytes: 2048, uptime_s: 3)]
        state.apply(costs, at: DashboardFixtures.now)
        let web = state.processes[1]
        #expect(web.pid == 303 && web.restarts == 2 && web.ready && web.cpu_percent == 12.5 && web.rss_bytes == 2048)
    }
}
