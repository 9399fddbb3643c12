internal import MusterControl

/// Keys and mouse reports, applied to the dashboard's state: the reducer. What needs the run
/// or the terminal comes back as a `DashboardCommand`.
extension DashboardState {
    /// Applies `key` on a screen laid out as `layout`; returns what else to do.
    package mutating func handle(_ key: Key, layout: DashboardLayout) -> DashboardCommand? {
        if showHelp {
            showHelp = false
            return nil
        }
        if let prompt {
            return answer(prompt, key, layout: layout)
        }
        message = nil
        switch key {
        case .up, .character("k"): move(by: -1)
        case .down, .character("j"): move(by: 1)
        case .pageUp: scrollLog(by: max(1, layout.logRows - 1))
        case .pageDown: scrollLog(by: -max(1, layout.logRows - 1))
        case .home: scroll = max(0, paneLines.count - layout.logRows)
        case .end, .character("G"): scroll = 0
        case .enter: focus = focus == .table ? .logs : .table
        case .escape:
            if focus == .logs { focus = .table } else if !search.isEmpty { clearSearch() } else { filter = "" }
        case .character("a"):
            allEntries.toggle()
            scroll = 0
        case .character("s"): return entryCommand(DashboardCommand.stop, "stopping")
        case .character("r"): return entryCommand(DashboardCommand.restart, "restarting")
        case .character("t"): return entryCommand(DashboardCommand.start, "starting")
        case .character("d"): prompt = .confirmDown
        case .character("q"), .control("c"):
            guard ownsRun, ended == nil else { return .quit }
            prompt = .confirmQuit
        case .character("?"): showHelp = true
        case .character("/"): prompt = .search("")
        case .character("f"): prompt = .filter(filter)
        case .character("n"): moveMatch(older: true, layout: layout)
        case .character("N"): moveMatch(older: false, layout: layout)
        case .character("g"): showGraph.toggle()
        case .control("l"): return .redraw
        case .control("z"): return .suspend
        case .mouse(let event): click(event, layout: layout)
        default: break
        }
        return nil
    }

    private mutating func move(by step: Int) {
        if focus == .logs {
            scrollLog(by: -step)
            return
        }
        let count = visibleProcesses.count
        guard count > 0 else { return }
        let next = min(max(0, selected + step), count - 1)
        if next != selected {
            selected = next
            scroll = 0
        }
    }

    private mutating func scrollLog(by lines: Int) {
        scroll = min(max(0, scroll + lines), max(0, paneLines.count - 1))
    }

    private mutating func entryCommand(_ make: (String) -> DashboardCommand, _ doing: String) -> DashboardCommand? {
        guard let name = selectedProcess?.name else {
            message = "no entry selected"
            return nil
        }
        message = "\(doing) \(name)…"
        return make(name)
    }

    private mutating func answer(_ asked: Prompt, _ key: Key, layout: DashboardLayout) -> DashboardCommand? {
        switch (asked, key) {
        case (.confirmDown, .character("y")), (.confirmDown, .character("Y")):
            prompt = nil
            message = "stopping the whole run (muster down)…"
            return .down
        case (.confirmDown, _):
            prompt = nil
            message = "down cancelled"
        case (.confirmQuit, .character("s")):
            prompt = nil
            message = "stopping the whole run…"
            return .stopAndQuit
        case (.confirmQuit, .character("d")):
            prompt = nil
            return .quit
        case (.confirmQuit, _):
            prompt = nil
        case (.search(let text), _):
            if let edited = edit(text, key) {
                prompt = .search(edited)
            } else {
                prompt = nil
                if key == .enter { commitSearch(text, layout: layout) }
            }
        case (.filter(let text), _):
            if let edited = edit(text, key) {
                prompt = .filter(edited)
                filter = edited
                selected = 0
            } else {
                prompt = nil
                if key == .escape { filter = "" }
            }
        }
        return nil
    }

    /// `text` after `key`, or nil when the key ends the typing (Enter, Escape).
    private func edit(_ text: String, _ key: Key) -> String? {
        switch key {
        case .enter, .escape, .control("c"): return nil
        case .backspace: return String(text.dropLast())
        case .character(let character): return text + String(character)
        default: return text
        }
    }

    private mutating func clearSearch() {
        search = ""
        match = nil
    }

    /// Searches the pane's lines for `text`, from the newest up.
    private mutating func commitSearch(_ text: String, layout: DashboardLayout) {
        search = text
        match = nil
        guard !text.isEmpty else { return }
        let lines = paneLines
        guard let found = lines.lastIndex(where: { $0.text.contains(text) }) else {
            message = "not found: \(text)"
            return
        }
        show(found, of: lines, rows: layout.logRows)
    }

    /// `n` (older) and `N` (newer): the next match from the current one.
    private mutating func moveMatch(older: Bool, layout: DashboardLayout) {
        guard !search.isEmpty else {
            message = "no search: / to search"
            return
        }
        let lines = paneLines
        let current = match.flatMap { number in lines.firstIndex { $0.number == number } } ?? lines.count
        let found =
            older
            ? lines[..<current].lastIndex { $0.text.contains(search) }
            : lines.indices.dropFirst(min(lines.count, current + 1)).first { lines[$0].text.contains(search) }
        guard let found else {
            message = older ? "no older match for \(search)" : "no newer match for \(search)"
            return
        }
        show(found, of: lines, rows: layout.logRows)
    }

    /// Makes the line at `index` of `lines` the current match, scrolled into the pane.
    private mutating func show(_ index: Int, of lines: [LogLine], rows: Int) {
        match = lines[index].number
        let fromBottom = lines.count - 1 - index
        if fromBottom < scroll || fromBottom >= scroll + rows { scroll = max(0, fromBottom - rows / 2) }
        let total = lines.filter { $0.text.contains(search) }.count
        let rank = lines[...index].filter { $0.text.contains(search) }.count
        message = "match \(rank) of \(total) for \(search)"
    }

    private mutating func click(_ event: MouseEvent, layout: DashboardLayout) {
        let overLog = event.row >= layout.logTop && event.row < layout.footer
        switch event.action {
        case .wheelUp: overLog || showGraph ? scrollLog(by: 3) : move(by: -1)
        case .wheelDown: overLog || showGraph ? scrollLog(by: -3) : move(by: 1)
        case .press where event.button == 0:
            let row = event.row - layout.tableTop
            guard !showGraph, row >= 0, row < layout.tableRows else { return }
            let count = visibleProcesses.count
            let index = layout.tableOffset(selected: selected, entries: count) + row
            if index < count, index != selected {
                selected = index
                scroll = 0
            }
            focus = .table
        default: break
        }
    }
}
