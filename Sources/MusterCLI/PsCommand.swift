internal import ArgumentParser
internal import Foundation
internal import MusterControl

/// `muster ps`: the live attributes of every entry of a running `run`/`up`.
struct PsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "Show the live attributes of every entry of a running muster run or up.",
        discussion: "Exits 1 when no run of that manifest is going."
    )

    @OptionGroup var control: ControlOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Refresh every second until interrupted.")
    var watch = false

    func run() throws {
        repeat {
            let response = try control.send(ControlRequest(command: "ps"))
            let text = json ? Self.json(response) : Self.table(response.processes ?? [])
            Terminal.standardOutput.write((watch ? "\u{1B}[H\u{1B}[2J" : "") + text)
            if watch { Thread.sleep(forTimeInterval: 1) }
        } while watch
    }

    static func table(_ processes: [ProcessStatus]) -> String {
        var rows = [["NAME", "DAEMON", "PID", "ALIVE", "EXITCODE", "STATUS", "READY", "RESTARTS", "UPTIME"]]
        for process in processes {
            rows.append([
                process.name, process.daemon ? "yes" : "no", process.pid.map(String.init) ?? "-",
                process.alive ? "yes" : "no", process.exitcode.map(String.init) ?? "-", process.status,
                process.ready ? "yes" : "no", String(process.restarts), process.uptime_s.map(uptime) ?? "-",
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(to: widths[column] + 2)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }

    static func uptime(_ seconds: Double) -> String {
        if seconds < 60 { return "\((seconds * 10).rounded() / 10)s" }
        let whole = Int(seconds)
        return whole < 3600 ? "\(whole / 60)m\(whole % 60)s" : "\(whole / 3600)h\(whole % 3600 / 60)m"
    }

    static func json(_ response: ControlResponse) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var body = response
        body.ok = true
        return String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self) + "\n"
    }
}
