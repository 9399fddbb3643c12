internal import MusterManifest

/// The parts of a Kubernetes container that Argo templates and Jobs share: command, environment,
/// probes and resources, from an entry's spec.
struct KubernetesContainer {
    /// The format being written, for messages.
    let format: ExportFormat
    /// The image of entries that name none.
    let defaultImage: String?

    /// `image`: the entry's, or the default; a refusal when there is neither.
    func image(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode {
        guard let image = spec.image ?? defaultImage else {
            problems.refuse(
                spec.name, "image",
                "\(format.displayName) runs every entry in a container, and '\(spec.name)' names no image; add image: to it, or pass --image for every entry that has none")
            return .string("")
        }
        return .string(image)
    }

    /// `command`: a string as `[sh, -c, CMD]`, a list as it is; `$` escaped where Kubernetes
    /// expands a container's command (not a probe's).
    static func command(_ command: Command, expanded: Bool = true) -> YAMLNode {
        let text: (String) -> String = { expanded ? escaped($0) : $0 }
        switch command {
        case .shell(let script): return .strings(["sh", "-c", text(script)])
        case .argv(let argv): return .strings(argv.map(text))
        }
    }

    /// `env`: the entry's variables and `MUSTER_NAME`, sorted by name, plus `extra` at the end.
    static func environment(of spec: ProcessSpec, extra: [(String, String)] = []) -> YAMLNode {
        var variables = spec.environment
        variables["MUSTER_NAME"] = spec.name
        let pairs = variables.sorted { $0.key < $1.key }.map { ($0.key, escaped($0.value)) } + extra
        return .sequence(pairs.map { .mapping([YAMLPair("name", .string($0.0)), YAMLPair("value", .string($0.1))]) })
    }

    /// `workingDir` when the manifest gave `cwd:` (the path muster resolves; the image's own
    /// working directory otherwise).
    static func workingDirectory(of spec: ProcessSpec) -> YAMLNode? {
        spec.workingDirectoryLocation == nil ? nil : .string(spec.workingDirectory)
    }

    /// A Kubernetes probe from `ready`; nil for a `log:` probe, which Kubernetes has no way to run.
    ///
    /// `exec` → `exec`, `tcp` → `tcpSocket`, `http` → `httpGet` (a local host is left out: the
    /// kubelet probes the pod's own address); `interval` → `periodSeconds` (at least 1),
    /// `initial_delay` → `initialDelaySeconds`, `timeout` → `failureThreshold` attempts, each
    /// allowed a period.
    static func probe(_ probe: ReadinessProbe) -> YAMLNode? {
        var fields = YAMLMapping()
        switch probe.check {
        case .exec(let command):
            fields.add("exec", .mapping([YAMLPair("command", Self.command(command, expanded: false))]))
        case .tcp(let host, let port):
            var socket = YAMLMapping()
            if !ProbeAddress.isLocal(host) { socket.add("host", .string(host)) }
            socket.add("port", .integer(port))
            fields.add("tcpSocket", socket.node)
        case .http(let url):
            guard let address = ProbeAddress.http(url) else { return nil }
            var get = YAMLMapping()
            if !ProbeAddress.isLocal(address.host) { get.add("host", .string(address.host)) }
            get.add("path", .string(address.path))
            get.add("port", .integer(address.port))
            fields.add("httpGet", get.node)
        case .log:
            return nil
        }
        let period = max(1, ExportDurations.seconds(probe.interval))
        if probe.initialDelay > .zero { fields.add("initialDelaySeconds", .integer(ExportDurations.seconds(probe.initialDelay))) }
        fields.add("periodSeconds", .integer(period))
        fields.add("timeoutSeconds", .integer(period))
        fields.add("failureThreshold", .integer(max(1, Int((probe.timeout.seconds / Double(period)).rounded(.up)))))
        return fields.node
    }

    /// `resources.limits.memory` from `limits.as`; a warning for each limit Kubernetes has no
    /// field for (`nofile`, `nproc`, `core`, and `cpu`, which is CPU time, not cores).
    func resources(of spec: ProcessSpec, problems: inout ProblemList) -> YAMLNode? {
        let limits = spec.limits
        let unsupported: [(String, ProcessLimits.Value?)] = [
            ("nofile", limits.nofile), ("nproc", limits.nproc), ("core", limits.core),
        ]
        for (name, value) in unsupported where value != nil {
            problems.warn(
                spec.name, "limits.\(name)",
                "\(format.displayName) cannot set a container's \(name) limit (the container runtime's default applies)", "left out")
        }
        if limits.cpu != nil {
            problems.warn(
                spec.name, "limits.cpu",
                "limits.cpu is CPU time in seconds, and a Kubernetes CPU limit is a rate in cores", "left out")
        }
        guard case .limited(let bytes)? = limits.addressSpace else { return nil }
        return .mapping([YAMLPair("limits", .mapping([YAMLPair("memory", .string(Self.quantity(bytes)))]))])
    }

    /// Bytes as a Kubernetes quantity: `512Mi`, `2Gi`, or the plain number.
    static func quantity(_ bytes: UInt64) -> String {
        for (unit, size) in [("Ti", UInt64(1) << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return String(bytes)
    }

    /// `text` with `$` escaped where Kubernetes would expand it: `$(VAR)` references and `$$` both
    /// take a `$` more (`$$(` and `$$$$`), so the container sees what muster's entry would.
    static func escaped(_ text: String) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        var current = scalars.next()
        while let scalar = current {
            let next = scalars.next()
            result.unicodeScalars.append(scalar)
            if scalar == "$", next == "$" || next == "(" { result.unicodeScalars.append("$") }
            current = next
        }
        return result
    }
}
