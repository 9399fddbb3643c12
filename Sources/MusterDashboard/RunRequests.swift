internal import Dispatch
internal import MusterControl

/// The dashboard's requests to the run, each on a connection of its own, one at a time on a
/// queue of their own (a restart answers only once the entry is ready again): the answer, for
/// the footer, goes to the inbox.
struct RunRequests: Sendable {
    let connect: @Sendable () throws(ControlError) -> ControlClient
    let inbox: DashboardInbox
    private let queue = DispatchQueue(label: "muster.dashboard.requests")

    init(connect: @escaping @Sendable () throws(ControlError) -> ControlClient, inbox: DashboardInbox) {
        self.connect = connect
        self.inbox = inbox
    }

    /// Sends what `command` asks of the run, if anything.
    func send(_ command: DashboardCommand) {
        let request: ControlRequest
        switch command {
        case .stop(let name): request = ControlRequest(command: "stop", name: name)
        case .start(let name): request = ControlRequest(command: "start", name: name)
        case .restart(let name): request = ControlRequest(command: "restart", name: name)
        case .down, .stopAndQuit: request = ControlRequest(command: "down")
        case .quit, .suspend, .redraw: return
        }
        queue.async { [connect, inbox] in
            do {
                let response = try connect().send(request)
                inbox.post(.answer(Self.answer(to: request, response)))
            } catch {
                inbox.post(.answer("error: \((error as? ControlError)?.message ?? "\(error)")"))
            }
        }
    }

    /// "web restarted, pid 4121", or what went wrong.
    static func answer(to request: ControlRequest, _ response: ControlResponse) -> String {
        guard response.ok else { return "error: \(response.error ?? "\(request.command) failed")" }
        let name = request.name ?? ""
        let pid = response.process?.pid.map { ", pid \($0)" } ?? ""
        switch request.command {
        case "stop": return "\(name) stopped" + (response.process.map { " (\($0.status))" } ?? "")
        case "start": return "\(name) started\(pid)"
        case "restart": return "\(name) restarted\(pid)"
        default: return "the whole run is stopping (muster down)"
        }
    }
}
