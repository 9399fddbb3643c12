internal import MusterManifest

/// `readiness_probe` → `ready`: `exec.command` → `exec`, `http_get` → `http` (an https URL is
/// checked with curl, as muster's own probes speak http only); `initial_delay_seconds` →
/// `initial_delay`, `period_seconds` → `interval`, and `ready.timeout` is how long
/// process-compose tries: `period_seconds` × `failure_threshold`.
extension ProcessComposeImporter {
    /// process-compose's defaults for a probe's period and failures allowed.
    static let defaultPeriod = 10, defaultFailures = 3

    mutating func writeProbe(_ node: Node, into out: inout ManifestLines) {
        guard case .mapping(let pairs) = node.kind else {
            error("'readiness_probe' must be a mapping with exec or http_get", at: node.location)
            return
        }
        let fields = Fields(pairs)
        var lines = ManifestLines()
        let indent = 6
        var period: Int?
        var failures: Int?
        for pair in pairs {
            switch pair.key {
            case "exec":
                guard case .mapping(let exec) = pair.value.kind, let command = Fields(exec)["command"],
                    let text = string(command.value, "'exec.command'")
                else {
                    error("'exec' must be {command: …}", at: pair.value.location)
                    return
                }
                lines.field("exec", text: expanded(text), indent: indent)
                for extra in exec where extra.key != "command" {
                    untranslated(extra, "muster runs an exec probe in the entry's cwd", into: &lines, indent: indent)
                }
            case "http_get":
                guard let url = httpURL(pair.value, into: &lines) else { return }
                if url.hasPrefix("https://") {
                    lines.field("exec", raw: ManifestLines.list(["curl", "-fsS", "-o", "/dev/null", url]), indent: indent, comment: "https: muster's http probe speaks http only")
                } else {
                    lines.field("http", text: url, indent: indent)
                }
            case "initial_delay_seconds":
                if let seconds = integer(pair.value, "'initial_delay_seconds'") { lines.field("initial_delay", raw: "\(seconds)s", indent: indent) }
            case "period_seconds":
                period = integer(pair.value, "'period_seconds'", minimum: 1)
                if let period { lines.field("interval", raw: "\(period)s", indent: indent) }
            case "failure_threshold":
                failures = integer(pair.value, "'failure_threshold'", minimum: 1)
            case "success_threshold":
                if let count = integer(pair.value, "'success_threshold'", minimum: 1), count > 1 {
                    untranslated(pair, "muster takes one passing check as ready", into: &lines, indent: indent)
                }
            case "timeout_seconds":
                untranslated(
                    pair, "muster gives each check until the next interval; ready.timeout is how long it tries in all", into: &lines, indent: indent)
            default:
                untranslated(pair, "it is not a probe key muster knows", into: &lines, indent: indent)
            }
        }
        guard fields["exec"] != nil || fields["http_get"] != nil else {
            error("'readiness_probe' needs exec or http_get", at: node.location)
            return
        }
        if period != nil || failures != nil {
            let seconds = (period ?? Self.defaultPeriod) * (failures ?? Self.defaultFailures)
            lines.field("timeout", raw: "\(seconds)s", indent: indent, comment: "period_seconds × failure_threshold")
        }
        out.open("ready", indent: 4)
        for line in lines.lines { out.append(line) }
    }

    /// `http_get: {host, port, path, scheme}` as a URL; headers and status codes are named.
    private mutating func httpURL(_ node: Node, into lines: inout ManifestLines) -> String? {
        guard case .mapping(let pairs) = node.kind else {
            error("'http_get' must be a mapping: {host, port, path}", at: node.location)
            return nil
        }
        let fields = Fields(pairs)
        let host = fields["host"].flatMap { string($0.value, "'host'") } ?? "127.0.0.1"
        let scheme = fields["scheme"].flatMap { string($0.value, "'scheme'") } ?? "http"
        var path = fields["path"].flatMap { string($0.value, "'path'") } ?? "/"
        if !path.hasPrefix("/") { path = "/" + path }
        let port = fields["port"].flatMap { string($0.value, "'port'") }.map { ":" + $0 } ?? ""
        for pair in pairs where !["host", "scheme", "path", "port"].contains(pair.key) {
            let reason =
                pair.key == "status_code"
                ? "muster's http probe takes any 2xx or 3xx answer" : "muster's http probe sends a plain GET"
            untranslated(pair, reason, into: &lines, indent: 6)
        }
        return expanded("\(scheme)://\(host)\(port)\(path)")
    }
}
