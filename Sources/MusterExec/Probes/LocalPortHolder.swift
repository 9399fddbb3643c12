internal import Glibc
internal import MusterManifest

/// Whether a local port that an entry's readiness probe targets is already served by someone
/// else, before the entry starts: such a probe would pass at once against the wrong server.
enum LocalPortHolder {
    /// Host names meaning this machine.
    private static let localHosts: Set<String> = ["localhost", "::1", "0.0.0.0", "::", "[::1]"]

    /// "port 8765 is already in use (pid 4121, python3)" when `probe` is a tcp or http probe on a
    /// local port that accepts connections now, from a process outside the process groups that
    /// `isOwnGroup` holds for (the run's own entries, whose ports an entry may well probe); nil
    /// otherwise.
    static func conflict(for probe: ReadinessProbe?, isOwnGroup: (Int32) -> Bool) -> String? {
        let target: (host: String, port: Int)
        switch probe?.check {
        case .tcp(let host, let port): target = (host, port)
        case .http(let url):
            guard let http = HTTPTarget(url) else { return nil }
            target = (http.host, http.port)
        default: return nil
        }
        guard localHosts.contains(target.host) || target.host.hasPrefix("127.") else { return nil }
        let addresses = target.host.contains(":") ? ["::1"] : (target.host.hasPrefix("127.") ? [target.host] : ["127.0.0.1", "::1"])
        guard addresses.contains(where: { accepts($0, target.port) }) else { return nil }
        let listener = listener(of: target.port)
        if let listener, let group = ProcFiles.statFields(of: listener.pid).flatMap({ $0.count > 2 ? Int32($0[2]) : nil }),
            isOwnGroup(group)
        {
            return nil
        }
        let holder = listener.map { " (pid \($0.pid), \($0.command))" } ?? ""
        return "port \(target.port) is already in use\(holder); stop what holds it, or change the port"
    }

    /// Whether a TCP connection to the numeric `address`:`port` is accepted at once (loopback
    /// answers without delay; 50 ms at most).
    private static func accepts(_ address: String, _ port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address, String(port), &hints, &list) == 0, let info = list else { return false }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&waiting, 1, 50) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }

    /// The process listening on TCP `port`, as /proc tells (only processes muster may look into).
    private static func listener(of port: Int) -> (pid: Int32, command: String)? {
        let hexPort = String(port, radix: 16, uppercase: true)
        let wanted = ":" + String(repeating: "0", count: max(0, 4 - hexPort.count)) + hexPort
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            for line in (ProcFiles.text(table) ?? "").split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // sl, local address, remote address, state (0A: listening), …, inode (10th).
                guard fields.count > 9, fields[1].hasSuffix(wanted), fields[3] == "0A" else { continue }
                inodes.insert("socket:[\(fields[9])]")
            }
        }
        guard !inodes.isEmpty else { return nil }
        for pid in ProcFiles.processes() {
            for fd in ProcFiles.names(in: "/proc/\(pid)/fd") ?? [] {
                guard let target = ProcFiles.link("/proc/\(pid)/fd/\(fd)"), inodes.contains(target) else { continue }
                let command = (ProcFiles.text("/proc/\(pid)/comm") ?? "?").split(separator: "\n").first.map(String.init) ?? "?"
                return (pid, command)
            }
        }
        return nil
    }
}
