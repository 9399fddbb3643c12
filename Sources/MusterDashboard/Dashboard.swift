internal import Dispatch
internal import Glibc
package import MusterControl

/// The dashboard's loop: one thread that polls the keyboard, the run's messages and the
/// signals, applies them to the state, and draws at most 30 frames a second, only when
/// something changed (and once a second for the clocks) — nothing is polled on a timer.
package final class Dashboard {
    /// How the dashboard ended.
    package enum Ending: Sendable {
        /// The user left; the run goes on.
        case left
        /// The run ended: its final state (`ended`, `outcome`, `exit_code`, every entry).
        case runEnded(ControlResponse)
        /// The connection to the run broke.
        case lost(String)
    }

    private let terminal: TerminalSession
    private let connect: @Sendable () throws(ControlError) -> ControlClient
    private let color: Bool
    private var state: DashboardState
    private let inbox = DashboardInbox()
    private var shown: Screen?
    private var keys = KeyDecoder()
    private var ending: Ending?
    private var exitCode: Int32?

    /// A dashboard of the run `connect` reaches, on `terminal`; `ownsRun` in `up --tui`.
    package init(
        terminal: TerminalSession, ownsRun: Bool, color: Bool,
        connect: @escaping @Sendable () throws(ControlError) -> ControlClient
    ) {
        self.terminal = terminal
        self.connect = connect
        self.color = color
        state = DashboardState(ownsRun: ownsRun)
    }

    /// Subscribes, takes the terminal, and runs until the user leaves or the run ends; the
    /// terminal is given back as it was found.
    ///
    /// - Throws: `ControlError` when the run cannot be reached (before the terminal is taken).
    package func run() throws(ControlError) -> Ending {
        let subscription = try connect()
        let inbox = self.inbox
        DispatchQueue(label: "muster.dashboard.subscription").async {
            do {
                try subscription.stream(ControlRequest(command: "subscribe", lines: 1000, costs_ms: 2000)) { response in
                    inbox.post(.response(response))
                    return response.ended != true
                }
                inbox.post(.closed(nil))
            } catch {
                inbox.post(.closed((error as? ControlError)?.message ?? "\(error)"))
            }
        }
        let requests = RunRequests(connect: connect, inbox: inbox)
        let signals = SignalPipe()
        terminal.enter()
        defer { terminal.leave() }
        var lastFrame = 0.0
        var dirty = true
        while ending == nil {
            let now = Self.now()
            if dirty, now - lastFrame >= 1.0 / 30 {
                draw(now: now)
                lastFrame = now
                dirty = false
            }
            // Wake for the next frame when one is owed, else on the next whole second (clocks).
            let timeout = dirty ? Int32(max(1, (lastFrame + 1.0 / 30 - now) * 1000)) : Int32(1000 - Int(now * 1000) % 1000)
            var fds = [
                pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inbox.readEnd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready == 0 {
                dirty = true
                continue
            }
            if fds[0].revents != 0 { dirty = readKeys(requests) || dirty }
            if fds[1].revents != 0 { dirty = readInbox() || dirty }
            if fds[2].revents != 0 { dirty = readSignals(signals.take(), requests) || dirty }
        }
        return ending ?? .left
    }

    private func draw(now: Double) {
        let size = terminal.size
        let screen = DashboardRenderer.render(state, width: size.width, height: size.height, now: now)
        terminal.write(ScreenWriter.bytes(from: shown, to: screen, color: color))
        shown = screen
    }

    private var layout: DashboardLayout {
        let size = terminal.size
        return DashboardLayout(width: size.width, height: size.height, entries: state.visibleProcesses.count)
    }

    private func readKeys(_ requests: RunRequests) -> Bool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = bytes.withUnsafeMutableBytes { read(terminal.inputDescriptor, $0.baseAddress, $0.count) }
        guard n > 0 else {
            if n == 0 { ending = .left }  // the terminal went away
            return false
        }
        let layout = self.layout
        for key in keys.decode(Array(bytes[0..<n])) {
            guard let command = state.handle(key, layout: layout) else { continue }
            perform(command, requests)
            if ending != nil { break }
        }
        return true
    }

    private func perform(_ command: DashboardCommand, _ requests: RunRequests) {
        switch command {
        case .quit: ending = .left
        case .redraw: shown = nil
        case .suspend: suspend()
        default: requests.send(command)
        }
    }

    private func readInbox() -> Bool {
        let now = Self.now()
        for item in inbox.take() {
            switch item {
            case .response(let response):
                state.apply(response, at: now)
                if response.ended == true {
                    ending = .runEnded(response)
                }
            case .answer(let text):
                state.message = text
            case .closed(let problem):
                if ending == nil { ending = .lost(problem ?? "the run closed the connection") }
            }
        }
        return true
    }

    private func readSignals(_ numbers: [Int32], _ requests: RunRequests) -> Bool {
        for number in numbers {
            switch number {
            case SIGWINCH: shown = nil
            case SIGTSTP: suspend()
            case SIGCONT:
                terminal.enter()
                shown = nil
            case SIGINT where state.ownsRun, SIGTERM where state.ownsRun:
                // As for `muster up`: the run stops; the dashboard shows it and leaves when it has.
                state.message = "stopping the whole run…"
                requests.send(.down)
            default: ending = .left  // SIGHUP, and SIGINT or SIGTERM to a dashboard that only watches
            }
        }
        return true
    }

    /// Gives the terminal back and stops, as a shell job; takes it again when continued.
    /// SIGSTOP, not SIGTSTP: a stop signal's default action is dropped in an orphaned process
    /// group (a dashboard started by a script with no job control), and SIGSTOP always stops.
    private func suspend() {
        terminal.leave()
        raise(SIGSTOP)
        terminal.enter()
        shown = nil
    }

    /// Seconds since the epoch.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
