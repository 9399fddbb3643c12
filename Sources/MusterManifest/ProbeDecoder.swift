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
            if let type = node.scalarType, type.number != nil {
                // `tcp: 5432`: a port on 127.0.0.1.
                guard let port = type.wholeNumber, (1...65535).contains(port) else {
                    context.error(
                        "invalid tcp probe '\(node.scalarText ?? "")': a port is a whole number from 1 to 65535",
                        at: node.location)
                    return nil
                }
                return .tcp(host: "127.0.0.1", port: port)
            }
            guard let raw = context.string(node, "'ready.tcp'", expected: "HOST:PORT or a port number") else {
                return nil
            }
            let text = context.interpolate(raw, of: node, lookup: lookup)
            guard let (host, port) = Self.hostAndPort(text) else {
                context.error(
                    "invalid tcp probe '\(text)': use HOST:PORT, e.g. 127.0.0.1:5432 or [::1]:6379, or a port number",
                    at: node.location)
                return nil
            }
            return .tcp(host: host, port: port)
        case "http":
            guard let raw = context.string(node, "'ready.http'", expected: "an http:// URL") else { return nil }
            let url = context.interpolate(raw, of: node, lookup: lookup)
            guard Self.isHTTPURL(url) else {
                let hint =
                    url.hasPrefix("https://")
                    ? "https probes are not supported; use an exec probe with curl"
                    : "use a URL such as http://127.0.0.1:8080/health"
                context.error("invalid http probe '\(url)': \(hint)", at: node.location)
                return nil
            }
            return .http(url: url)
        default:
            guard let raw = context.string(node, "'ready.log'", nonEmpty: true, expected: "a regular expression") else {
                return nil
            }
            let pattern = context.interpolate(raw, of: node, lookup: lookup)
            guard !pattern.isEmpty else {
                context.error("'ready.log' is empty; it would match every line", at: node.location)
                return nil
            }
            do {
                _ = try Regex(pattern)
            } catch {
                context.error("invalid regular expression '\(pattern)' in 'ready.log': \(error)", at: node.location)
                return nil
            }
            return .log(pattern: pattern)
        }
    }

    /// `http://HOST[:PORT][/…|?…|#…]`, with no spaces; HOST is a name or address without `:` or
    /// `@`, or `[IPv6]`. The schema's pattern says the same.
    static func isHTTPURL(_ url: String) -> Bool {
        guard url.hasPrefix("http://"), !url.unicodeScalars.contains(where: \.properties.isWhitespace) else {
            return false
        }
        let authority = Self.authority(of: url)
        var host = Substring(authority)
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard Self.port(authority[authority.index(after: colon)...]) != nil else { return false }
            host = authority[..<colon]
        }
        if host.hasPrefix("[") {
            let inner = host.dropFirst()
            guard inner.hasSuffix("]"), inner.count > 1,
                inner.dropLast().allSatisfy({ ($0.isASCII && $0.isHexDigit) || $0 == ":" || $0 == "." })
            else { return false }
            return true
        }
        return !host.isEmpty && !host.contains(where: { ":@[]".contains($0) })
    }

    /// The `HOST[:PORT]` part of an `http://` URL.
    static func authority(of url: String) -> String {
        String(url.dropFirst("http://".count).prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }

    /// `HOST:PORT`, `[IPv6]:PORT`, or a bare port (meaning 127.0.0.1). HOST has no spaces or
    /// brackets (`[…]` excepted); PORT is decimal, 1 to 65535. The schema's pattern says the same.
    static func hostAndPort(_ text: String) -> (String, Int)? {
        if let port = port(text[...]) { return ("127.0.0.1", port) }
        guard let colon = text.lastIndex(of: ":"), let port = port(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = text[..<colon]
        guard !host.isEmpty, !host.unicodeScalars.contains(where: \.properties.isWhitespace) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2 {
            host = host.dropFirst().dropLast()
        }
        guard !host.contains("["), !host.contains("]") else { return nil }
        return (String(host), port)
    }

    /// Decimal digits (leading zeros allowed) naming a port from 1 to 65535.
    static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let significant = text.drop { $0 == "0" }
        guard significant.count <= 5, let port = Int(significant), (1...65535).contains(port) else { return nil }
        return port
    }
}
