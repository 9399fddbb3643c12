internal import Dispatch
internal import MusterControl
internal import MusterManifest

/// The control requests that stream: `logs` (one entry's lines or every entry's, merged in the
/// order they came, and following), and `subscribe` (everything the run says: events, lines and
/// state changes, as they happen, with no polling).
extension ControlServer {
    /// `logs [NAME] [-n N] [-f]`: the last lines, then (following) new lines as they come.
    /// Returns false when the connection is over.
    func serveLogs(_ request: ControlRequest, on connection: UnixSocket) -> Bool {
        var entry: Int?
        if let name = request.name {
            // The last of a name: an entry a reload removed and added again has a new index.
            guard let index = names.lastIndex(of: name) else {
                let hint = Suggestions.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
                return connection.write(ControlCoding.encode(ControlResponse.failure("no process named '\(name)'\(hint)")))
            }
            entry = index
        }
        let count = max(0, request.lines ?? 1000)
        let watcher = RunWatcher(entry: entry)
        if request.follow == true { output.watchers.add(watcher) }
        defer { output.watchers.remove(watcher) }
        var response = ControlResponse.success()
        if count == 0 {
            response.lines = []
        } else {
            response.lines = entry.map { output.lastLines(of: $0, count: count) } ?? output.mergedLastLines(count: count)
        }
        guard connection.write(ControlCoding.encode(response)) else { return false }
        guard request.follow == true else { return true }
        let width = names.map(\.count).max() ?? 0
        while let messages = watcher.take() {
            var lines: [String] = []
            for case .lines(let from, _, let text, _) in messages {
                lines += entry == nil ? text.map { OutputMultiplexer.prefixed($0, name: names[from], width: width) } : text
            }
            guard !lines.isEmpty else { continue }
            var more = ControlResponse.success()
            more.lines = lines
            guard connection.write(ControlCoding.encode(more)) else { return false }
        }
        return false
    }

    /// `subscribe [lines] [costs_ms]`: every entry's attributes and the last `lines` lines of all
    /// entries merged; then each event, batch of lines and state change as it happens, one per
    /// line, and every `costs_ms` the running entries' cost; then, once the run has ended, its
    /// final state.
    func serveSubscription(_ request: ControlRequest, on connection: UnixSocket) {
        let watcher = RunWatcher(entry: nil)
        output.watchers.add(watcher)
        defer { output.watchers.remove(watcher) }
        var first = ask(ControlRequest(command: "ps"))
        guard first.ok else {
            connection.write(ControlCoding.encode(first))
            return
        }
        first.lines = output.mergedLastLines(count: max(0, request.lines ?? 0))
        guard connection.write(ControlCoding.encode(first)) else { return }
        let interval = request.costs_ms.map { DispatchTimeInterval.milliseconds(max(250, $0)) }
        var costsDue = interval.map { DispatchTime.now() + $0 }
        while let messages = watcher.take(until: costsDue) {
            if let due = costsDue, let interval, DispatchTime.now() >= due {
                costsDue = DispatchTime.now() + interval
                guard sendCosts(on: connection) else { return }
            }
            for message in messages {
                var response = ControlResponse.success()
                switch message {
                case .event(let text): response.event = text
                case .state(let status): response.process = status
                case .lines(let entry, let standardError, let lines, let at):
                    response.streamed = StreamedLines(name: names[entry], stderr: standardError, lines: lines, at: at.rfc3339)
                }
                guard connection.write(ControlCoding.encode(response)) else { return }
            }
        }
        _ = serveWait(ControlRequest(command: "wait"), on: connection)
    }

    /// Sends the running entries' cost, when some run; false when the connection is over.
    private func sendCosts(on connection: UnixSocket) -> Bool {
        let costs = (ask(ControlRequest(command: "ps")).processes ?? []).compactMap(ProcessCost.init)
        guard !costs.isEmpty else { return true }
        var response = ControlResponse.success()
        response.costs = costs
        return connection.write(ControlCoding.encode(response))
    }
}
