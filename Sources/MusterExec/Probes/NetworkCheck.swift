internal import Glibc
internal import MusterManifest

/// TCP and HTTP readiness checks with non-blocking sockets, so that many probes at once never
/// tie up the threads that run everything else.
enum NetworkCheck {
    /// Connects to `host:port` within `deadline`; the connected socket, or why not. A name is
    /// resolved off the cooperative threads, and only until `deadline` (`HostResolver`).
    static func connect(host: String, port: Int, until deadline: ContinuousClock.Instant) async -> Result<Int32, CheckFailure> {
        let addresses: [ResolvedAddress]
        switch await HostResolver.shared.resolve(host, port: port, until: deadline) {
        case .success(let resolved): addresses = resolved
        case .failure(let failure): return .failure(failure)
        }
        var failure = CheckFailure("\(host):\(port) refused")
        for address in addresses {
            let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            let fd = socket(address.family, address.socketType | flags, address.protocolNumber)
            guard fd >= 0 else { continue }
            let connectError = address.withSockaddr { Glibc.connect(fd, $0, $1) == 0 ? 0 : errno }
            if connectError == 0 { return .success(fd) }
            guard connectError == EINPROGRESS else {
                let why = connectError == ECONNREFUSED ? "refused" : SystemError.text(connectError)
                failure = CheckFailure("\(host):\(port) \(why)")
                close(fd)
                continue
            }
            switch await wait(fd, for: Int16(POLLOUT), until: deadline) {
            case true:
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return .success(fd) }
                failure = CheckFailure("\(host):\(port) \(error == ECONNREFUSED ? "refused" : SystemError.text(error))")
            case false:
                failure = CheckFailure("\(host):\(port) did not answer in time")
            }
            close(fd)
        }
        return .failure(failure)
    }

    /// Whether `GET url` answers 2xx or 3xx before `deadline`.
    static func get(_ url: String, until deadline: ContinuousClock.Instant) async -> CheckFailure? {
        guard let target = HTTPTarget(url) else { return CheckFailure("invalid URL \(url)") }
        let socket: Int32
        switch await connect(host: target.host, port: target.port, until: deadline) {
        case .success(let fd): socket = fd
        case .failure(let failure): return failure
        }
        defer { close(socket) }
        let request = Array("GET \(target.path) HTTP/1.0\r\nHost: \(target.hostHeader)\r\nUser-Agent: muster\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if errno == EAGAIN, await wait(socket, for: Int16(POLLOUT), until: deadline) {
                continue
            } else {
                return CheckFailure("GET \(url) failed: \(SystemError.text(errno))")
            }
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while !response.contains(UInt8(ascii: "\n")) && response.count < 4096 {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                response += buffer[0..<n]
            } else if n < 0, errno == EAGAIN, await wait(socket, for: Int16(POLLIN), until: deadline) {
                continue
            } else {
                break
            }
        }
        let statusLine = String(decoding: response.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return CheckFailure("GET \(url) gave no HTTP answer")
        }
        return (200..<400).contains(code) ? nil : CheckFailure("GET \(url) answered \(code)")
    }

    /// Waits until `fd` is ready for `events` or `deadline` passes. Sockets have no completion to
    /// await here, so this checks with growing pauses (1 ms up to 20 ms).
    private static func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) async -> Bool {
        var pause = Duration.milliseconds(1)
        while true {
            var entry = pollfd(fd: fd, events: events, revents: 0)
            if poll(&entry, 1, 0) > 0 { return true }
            if ContinuousClock.now >= deadline || Task.isCancelled { return false }
            try? await Task.sleep(for: min(pause, deadline - .now))
            pause = min(pause * 2, .milliseconds(20))
        }
    }
}

/// Why a readiness check did not pass, for "not ready after 60s (…)". Returned as a value,
/// never thrown.
package struct CheckFailure: Error, Sendable, Hashable {
    /// What went wrong, e.g. "cannot resolve db.internal: Name or service not known".
    package var message: String
    /// A failure saying `message`.
    package init(_ message: String) { self.message = message }
}

/// The parts of an `http://HOST[:PORT]/PATH` URL a GET needs.
struct HTTPTarget: Hashable {
    var host: String
    var port: Int
    var path: String
    var hostHeader: String

    init?(_ url: String) {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        path = rest.count > authority.count ? String(rest.dropFirst(authority.count)) : "/"
        if path.first == "?" { path = "/" + path }
        hostHeader = String(authority)
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? 0 : 80
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = Int(authority[authority.index(after: colon)...]) ?? 0
        } else {
            host = String(authority)
            port = 80
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
    }
}
