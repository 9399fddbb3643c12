/// Decodes `ready:`, the readiness probe.
extension ManifestDecoder {
    static let probeChecks = ["exec", "tcp", "http", "log"]
    static let probeKeys = probeChecks + ["interval", "timeout", "initial_delay"]

    mutating func decodeProbe(_ node: Node, lookup: (String) -> String?) -> ReadinessProbe? {
        guard let pairs = context.mapping(node, "'ready'", keys: Self.probeKeys) else { return nil }
        let checks = pairs.filter { Self.probeChecks.contains($0.key) }
        guard let first = checks.first else {
            context.error(
                "a 'ready' probe needs one of exec, tcp, http or log, e.g. ready: {tcp: \"127.0.0.1:5432\"}",
                at: node.location)
            return nil
        }
        for extra in checks.dropFirst() {
            context.error(
                "a 'ready' probe takes exactly one of exec, tcp, http or log, but '\(first.key)' is already given",
                at: extra.keyLocation)
        }
        let check = decodeCheck(first, lookup: lookup)
        var probe = ReadinessProbe(check: check ?? .tcp(host: "127.0.0.1", port: 1))
        for pair in pairs {
            switch pair.key {
            case "interval":
                if let value = context.duration(pair.value, "'ready.interval'", positive: true) { probe.interval = value }
            case "timeout":
                if let value = context.duration(pair.value, "'ready.timeout'", positive: true) { probe.timeout = value }
            case "initial_delay":
                if let value = context.duration(pair.value, "'ready.initial_delay'") { probe.initialDelay = value }
            default:
                break
            }
        }
        return check == nil ? nil : probe
    }

    private mutating func decodeCheck(_ pair: Node.Pair, lookup: (String) -> String?) -> ReadinessProbe.Check? {
        let node = pair.value
        switch pair.key {
        case "exec":
            return decodeCommand(node, "'ready.exec'", lookup: lookup).map { .exec($0) }
        case "tcp":
            guard let raw = context.scalar(node, "'ready.tcp'") else { return nil }
            let text = context.interpolate(raw, of: node, lookup: lookup)
            guard let (host, port) = Self.hostAndPort(text) else {
                context.error(
                    "invalid tcp probe '\(text)': use HOST:PORT, e.g. 127.0.0.1:5432 or [::1]:6379, or a port number",
                    at: node.location)
                return nil
            }
            return .tcp(host: host, port: port)
        case "http":
            guard let raw = context.scalar(node, "'ready.http'") else { return nil }
            let url = context.interpolate(raw, of: node, lookup: lookup)
            guard url.hasPrefix("http://"), Self.hostAndPort(Self.authority(of: url)) != nil || !Self.authority(of: url).contains(":") && !Self.authority(of: url).isEmpty else {
                let hint =
                    url.hasPrefix("https://")
                    ? "https probes are not supported; use an exec probe with curl"
                    : "use a URL such as http://127.0.0.1:8080/health"
                context.error("invalid http probe '\(url)': \(hint)", at: node.location)
                return nil
            }
            return .http(url: url)
        default:
            guard let raw = context.scalar(node, "'ready.log'") else { return nil }
            let pattern = context.interpolate(raw, of: node, lookup: lookup)
            do {
                _ = try Regex(pattern)
            } catch {
                context.error("invalid regular expression '\(pattern)' in 'ready.log': \(error)", at: node.location)
                return nil
            }
            return .log(pattern: pattern)
        }
    }

    /// The `HOST[:PORT]` part of an `http://` URL.
    static func authority(of url: String) -> String {
        String(url.dropFirst("http://".count).prefix { $0 != "/" && $0 != "?" })
    }

    /// `HOST:PORT`, `[IPv6]:PORT`, or a bare port (meaning 127.0.0.1).
    static func hostAndPort(_ text: String) -> (String, Int)? {
        if let port = Int(text) { return (1...65535).contains(port) ? ("127.0.0.1", port) : nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        return (host, port)
    }
}
