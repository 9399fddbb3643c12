internal import MusterManifest

/// Names of entries and projects as the targets allow them.
enum ExportNames {
    /// A DNS-1123 label, as Kubernetes wants container, Job and Argo template names: lowercase
    /// letters, digits and `-`, a letter or digit at both ends, at most 63 characters. Other
    /// characters become `-`; `leadingLetter` prefixes `p-` to a name that starts with a digit
    /// (Argo's `depends` cannot name such a task). Nil when nothing of the name is left.
    static func label(_ name: String, leadingLetter: Bool = false) -> String? {
        var label = String(
            name.lowercased().unicodeScalars.map { scalar -> Character in
                let isAllowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                return isAllowed ? Character(scalar) : "-"
            })
        while label.hasPrefix("-") { label.removeFirst() }
        while label.hasSuffix("-") { label.removeLast() }
        if leadingLetter, let first = label.first, first.isNumber { label = "p-" + label }
        guard !label.isEmpty, label.count <= 63 else { return nil }
        return label
    }

    /// Labels for every entry of `processes`; a refusal in `problems` for a name that has none or
    /// shares one with another entry.
    static func labels(
        of processes: [ProcessSpec], leadingLetter: Bool = false, problems: inout ProblemList
    ) -> [String] {
        var owner: [String: String] = [:]
        return processes.map { spec in
            guard let label = label(spec.name, leadingLetter: leadingLetter) else {
                problems.refuse(
                    spec.name, "name",
                    "\(problems.format.displayName) needs a name of at most 63 lowercase letters, digits and dashes, and '\(spec.name)' gives none; rename the entry")
                return spec.name
            }
            if let other = owner[label], other != spec.name {
                problems.refuse(
                    spec.name, "name",
                    "'\(spec.name)' and '\(other)' both become '\(label)' in \(problems.format.displayName), which allows only lowercase letters, digits and dashes; rename one")
            }
            owner[label] = spec.name
            return label
        }
    }

    /// An environment variable name made of `name`: `MUSTER_HOST_` + `unit-test` → `MUSTER_HOST_UNIT_TEST`.
    static func variable(_ prefix: String, _ name: String) -> String {
        prefix + String(name.uppercased().unicodeScalars.map { scalar -> Character in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
    }

    /// The project's name as systemd unit names allow it: letters, digits and `:_.-`, others `-`.
    static func unitPrefix(_ project: String) -> String {
        let name = String(project.unicodeScalars.map { scalar -> Character in
            let isAllowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ":_.-".unicodeScalars.contains(scalar))
            return isAllowed ? Character(scalar) : "-"
        })
        return name.isEmpty ? "muster" : name
    }
}

/// Durations as the targets write them.
enum ExportDurations {
    /// Whole seconds, rounded up (Kubernetes' integer fields): 1.5s → 2.
    static func seconds(_ duration: Duration) -> Int {
        let (whole, fraction) = duration.components
        return Int(whole) + (fraction > 0 ? 1 : 0)
    }

    /// `10s`, or `250ms` when not whole seconds (Go, docker compose and systemd all read both);
    /// a positive duration under a millisecond is `1ms`.
    static func text(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        if fraction == 0 { return "\(whole)s" }
        let milliseconds = max(1, Int64((duration.seconds * 1000).rounded(.up)))
        return "\(milliseconds)ms"
    }
}

/// What a readiness probe's address says.
enum ProbeAddress {
    /// Host names that mean the machine (or, in a container, the container) itself.
    static func isLocal(_ host: String) -> Bool {
        ["localhost", "::1", "0.0.0.0", "::", "[::1]"].contains(host) || host.hasPrefix("127.")
    }

    /// `http://HOST[:PORT]/PATH?QUERY` split as an HTTP GET needs it: the host (without brackets),
    /// the port (80 by default), the path with the query (`/` by default); nil for another scheme.
    static func http(_ url: String) -> (host: String, port: Int, path: String)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7).prefix { $0 != "#" }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var path = String(rest.dropFirst(authority.count))
        if path.isEmpty { path = "/" } else if path.first == "?" { path = "/" + path }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            return (host, after.hasPrefix(":") ? Int(after.dropFirst()) ?? 80 : 80, path)
        }
        if let colon = hostPort.lastIndex(of: ":") {
            return (String(hostPort[..<colon]), Int(hostPort[hostPort.index(after: colon)...]) ?? 80, path)
        }
        return (hostPort, 80, path)
    }
}
