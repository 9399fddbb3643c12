/// A response line.
package struct ControlResponse: ControlMessage {
    /// Whether the request (or the handshake) succeeded.
    package var ok: Bool
    /// What went wrong, for people.
    package var error: String?
    /// The run's manifest as given, its absolute path, project name, muster's pid, and when the
    /// run started (RFC 3339) (`ps`).
    package var manifest: String?
    package var manifest_path: String?
    package var started_at: String?
    package var project: String?
    package var muster_pid: Int32?
    /// Every entry (`ps`).
    package var processes: [ProcessStatus]?
    /// The entry acted on (`stop`, `start`, `restart`).
    package var process: ProcessStatus?
    /// Output lines (`logs`).
    package var lines: [String]?
    /// One of muster's own event lines (`subscribe`).
    package var event: String?
    /// Lines an entry wrote (`subscribe`).
    package var streamed: StreamedLines?
    /// The running entries' cost, every `costs_ms` (`subscribe`).
    package var costs: [ProcessCost]?
    /// The run has ended (`wait`): then `outcome`, `exit_code` and the final `processes` are set.
    package var ended: Bool?
    /// How the run ended: `succeeded`, `failed` or `interrupted`.
    package var outcome: String?
    /// The exit status of the muster that ran it.
    package var exit_code: Int32?
    /// How long the run took, in seconds.
    package var duration_s: Double?
    /// What `reload` or `scale` changed: `+ NAME`, `- NAME`, `~ NAME: field, field` lines.
    package var diff: [String]?
    /// Why `reload` changed nothing: the new manifest's diagnostics, rendered.
    package var diagnostics: String?

    /// A response with only `ok` and `error` set.
    package init(ok: Bool, error: String? = nil) {
        self.ok = ok
        self.error = error
    }

    /// A success.
    package static func success() -> ControlResponse { ControlResponse(ok: true) }
    /// A failure with a message.
    package static func failure(_ message: String) -> ControlResponse { ControlResponse(ok: false, error: message) }

    /// The fields that are set, in the order above.
    package var json: JSONValue {
        var fields: [(String, JSONValue)] = [("ok", .bool(ok))]
        func add(_ key: String, _ value: JSONValue?) {
            if let value { fields.append((key, value)) }
        }
        add("error", error.map(JSONValue.string))
        add("manifest", manifest.map(JSONValue.string))
        add("manifest_path", manifest_path.map(JSONValue.string))
        add("started_at", started_at.map(JSONValue.string))
        add("project", project.map(JSONValue.string))
        add("muster_pid", muster_pid.map { .int(Int($0)) })
        add("processes", processes.map { .array($0.map(\.json)) })
        add("process", process?.json)
        add("lines", lines.map { .array($0.map(JSONValue.string)) })
        add("event", event.map(JSONValue.string))
        add("streamed", streamed?.json)
        add("costs", costs.map { .array($0.map(\.json)) })
        add("ended", ended.map(JSONValue.bool))
        add("outcome", outcome.map(JSONValue.string))
        add("exit_code", exit_code.map { .int(Int($0)) })
        add("duration_s", duration_s.map(JSONValue.double))
        add("diff", diff.map { .array($0.map(JSONValue.string)) })
        add("diagnostics", diagnostics.map(JSONValue.string))
        return .object(fields)
    }

    package init?(json: JSONValue) {
        guard let pairs = json.objectValue, let ok = json["ok"]?.boolValue else { return nil }
        self.init(ok: ok)
        for (key, value) in pairs {
            switch key {
            case "error": error = value.stringValue
            case "manifest": manifest = value.stringValue
            case "manifest_path": manifest_path = value.stringValue
            case "started_at": started_at = value.stringValue
            case "project": project = value.stringValue
            case "muster_pid": muster_pid = value.int32Value
            case "processes": processes = value.arrayValue?.compactMap(ProcessStatus.init(json:))
            case "process": process = ProcessStatus(json: value)
            case "lines": lines = value.stringsValue
            case "event": event = value.stringValue
            case "streamed": streamed = StreamedLines(json: value)
            case "costs": costs = value.arrayValue?.compactMap(ProcessCost.init(json:))
            case "ended": ended = value.boolValue
            case "outcome": outcome = value.stringValue
            case "exit_code": exit_code = value.int32Value
            case "duration_s": duration_s = value.doubleValue
            case "diff": diff = value.stringsValue
            case "diagnostics": diagnostics = value.stringValue
            default: break
            }
        }
    }
}
