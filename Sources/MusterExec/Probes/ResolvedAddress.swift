internal import Glibc

/// One address a host resolved to: what `socket` and `connect` need, copied out of
/// `getaddrinfo`'s list so that the list is freed at once, on the thread that made it.
package struct ResolvedAddress: Sendable, Hashable {
    /// `AF_INET` or `AF_INET6`.
    package var family: Int32
    /// `SOCK_STREAM`.
    package var socketType: Int32
    /// The protocol for `socket` (`IPPROTO_TCP`).
    package var protocolNumber: Int32
    /// The `sockaddr_in` or `sockaddr_in6` itself.
    package var bytes: [UInt8]

    /// A copy of one entry of a `getaddrinfo` list.
    init(_ entry: addrinfo) {
        family = entry.ai_family
        socketType = entry.ai_socktype
        protocolNumber = entry.ai_protocol
        bytes = entry.ai_addr.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(entry.ai_addrlen))) } ?? []
    }

    /// The port, in host order. It sits at the same place in `sockaddr_in` and `sockaddr_in6`.
    package var port: Int {
        bytes.count >= 4 ? Int(bytes[2]) << 8 | Int(bytes[3]) : 0
    }

    /// The same address with `port` (1…65535).
    package func withPort(_ port: Int) -> ResolvedAddress {
        var copy = self
        if copy.bytes.count >= 4 {
            copy.bytes[2] = UInt8(truncatingIfNeeded: port >> 8)
            copy.bytes[3] = UInt8(truncatingIfNeeded: port)
        }
        return copy
    }

    /// The address as text, "127.0.0.1" or "::1".
    package var numericHost: String {
        var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = withSockaddr { getnameinfo($0, $1, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) }
        guard status == 0 else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    /// Calls `body` with the address as a `sockaddr` and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            // A sockaddr_storage is big and aligned enough for every family.
            var storage = sockaddr_storage()
            return withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(target.count)))
                return target.withMemoryRebound(to: sockaddr.self) { body($0.baseAddress!, socklen_t(raw.count)) }
            }
        }
    }

    /// The stream addresses of `host` (port 0) from the system's `getaddrinfo` with `flags`, or
    /// "cannot resolve HOST: …". Blocks for as long as the system's resolver takes, unless
    /// `flags` has `AI_NUMERICHOST`; the list is freed before this returns.
    package static func lookUp(_ host: String, flags: Int32) -> Result<[ResolvedAddress], CheckFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = flags
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, list != nil else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            return .failure(CheckFailure("cannot resolve \(host): \(reason)"))
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry = list
        while let current = entry {
            addresses.append(ResolvedAddress(current.pointee))
            entry = current.pointee.ai_next
        }
        return .success(addresses)
    }
}
