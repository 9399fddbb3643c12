internal import ArgumentParser
internal import MusterControl

/// `muster ls`: the runs going on this machine (this user's), whatever their manifest.
struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", _superCommandName: "muster",
        abstract: "List the runs going on: project, manifest, muster's pid, start, and entries by status.",
        discussion: "Address one of them with -p PROJECT (ps, logs, stop, start, restart, down) or -f MANIFEST.")

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    /// Manifests are ignored: `ls` lists every run.
    @OptionGroup var ignored: IgnoredManifestOption

    func run() throws {
        let runs = RunDirectory.runs(environment: Terminal.environment)
        guard !json else {
            Terminal.standardOutput.write(Self.json(runs))
            return
        }
        var rows = [["PROJECT", "MANIFEST", "PID", "STARTED", "ENTRIES"]]
        for run in runs {
            let status = run.status
            rows.append([
                status.project ?? "?", status.manifest_path ?? status.manifest ?? "?",
                status.muster_pid.map(String.init) ?? "?", status.started_at ?? "?", Self.counts(status),
            ])
        }
        Terminal.standardOutput.write(runs.isEmpty ? "no run is going\n" : Table.render(rows))
    }

    /// "2 running, 1 succeeded": entries by status, in the order statuses first appear.
    static func counts(_ status: ControlResponse) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for process in status.processes ?? [] {
            if counts[process.status] == nil { order.append(process.status) }
            counts[process.status, default: 0] += 1
        }
        return order.map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
    }

    /// `[{"project", "manifest", "muster_pid", "started_at", "counts": {status: n}}]`.
    static func json(_ runs: [RunDirectory.Run]) -> String {
        let listed = runs.map { run in
            var fields: [(String, JSONValue)] = []
            if let project = run.status.project { fields.append(("project", .string(project))) }
            if let manifest = run.status.manifest_path ?? run.status.manifest { fields.append(("manifest", .string(manifest))) }
            if let pid = run.status.muster_pid { fields.append(("muster_pid", .int(Int(pid)))) }
            if let startedAt = run.status.started_at { fields.append(("started_at", .string(startedAt))) }
            let counts = (run.status.processes ?? []).reduce(into: [String: Int]()) { $0[$1.status, default: 0] += 1 }
            fields.append(("counts", .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })))
            return JSONValue.object(fields)
        }
        return JSONValue.array(listed).text(pretty: true) + "\n"
    }
}
