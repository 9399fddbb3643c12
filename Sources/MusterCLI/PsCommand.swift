internal import ArgumentParser
internal import MusterControl

/// `muster ps`: the live attributes of every entry of a running `run`/`up`.
struct PsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps", _superCommandName: "muster",
        abstract: "Show the live attributes of every entry of a running muster run or up.",
        discussion: "Exits 1 when no run of that manifest is going."
    )

    @OptionGroup var control: ControlOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Refresh every second until interrupted, or until the run ends (then show its final state and exit 0).")
    var watch = false

    func run() throws {
        guard watch else {
            return show(try control.send(ControlRequest(command: "ps")))
        }
        let client = try control.connect()
        do {
            var response = try client.send(ControlRequest(command: "ps"))
            while true {
                Terminal.standardOutput.write("\u{1B}[H\u{1B}[2J")
                show(response)
                if response.ended == true {
                    Terminal.standardOutput.write("the run ended (exit \(response.exit_code.map(String.init) ?? "?"))\n")
                    return
                }
                // Answered at once when the run ends, else after a second: the next refresh.
                let waited = try client.send(ControlRequest(command: "wait", timeout_ms: 1000))
                response = waited.ended == true ? waited : try client.send(ControlRequest(command: "ps"))
            }
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(1)
        }
    }

    /// Prints `response` as a table or JSON.
    private func show(_ response: ControlResponse) {
        Terminal.standardOutput.write(json ? Self.json(response) : Self.table(response.processes ?? []))
    }

    static func table(_ processes: [ProcessStatus]) -> String {
        var rows = [["NAME", "DAEMON", "PID", "ALIVE", "EXITCODE", "STATUS", "READY", "RESTARTS", "UPTIME", "CPU", "RSS"]]
        for process in processes {
            rows.append([
                process.name, process.daemon ? "yes" : "no", process.pid.map(String.init) ?? "-",
                process.alive ? "yes" : "no", process.exitcode.map(String.init) ?? "-", process.status,
                process.ready ? "yes" : "no", String(process.restarts), process.uptime_s.map(StatusText.uptime) ?? "-",
                process.cpu_percent.map { "\($0)%" } ?? "-", process.rss_bytes.map(StatusText.bytes) ?? "-",
            ])
        }
        return Table.render(rows)
    }

    static func json(_ response: ControlResponse) -> String {
        var body = response
        body.ok = true
        return body.json.text(pretty: true) + "\n"
    }
}
