internal import CMusterLinux
internal import Glibc

/// A connected Unix stream socket with line-oriented, blocking reads and writes. Used on the
/// control server's own threads and by the `muster` client, never on the executor's tasks.
package final class UnixSocket: @unchecked Sendable {
    // @unchecked: one thread owns a connection at a time (the server's connection thread or the
    // client); `buffer` is never shared.
    /// The connected socket.
    package let fd: Int32
    private var buffer: [UInt8] = []

    /// Takes ownership of the connected socket `fd`; it is closed with the object.
    package init(fd: Int32) {
        self.fd = fd
    }

    deinit { close(fd) }

    /// Connects to the socket at `path`; nil with errno set when nobody listens there.
    package static func connect(to path: String) -> UnixSocket? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        let connected = withAddress(path) { address, length in Glibc.connect(fd, address, length) == 0 }
        guard connected else {
            let saved = errno
            close(fd)
            errno = saved
            return nil
        }
        return UnixSocket(fd: fd)
    }

    /// A listening socket bound at `path` (mode 0600); nil with errno set when it cannot be made.
    package static func listen(at path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        let old = umask(0o177)
        defer { umask(old) }
        let bound = withAddress(path) { address, length in bind(fd, address, length) == 0 }
        guard bound, Glibc.listen(fd, 64) == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Makes reads give up after `seconds` (0: wait for ever).
    package func setReceiveTimeout(seconds: Int) {
        setReceiveTimeout(milliseconds: seconds * 1000)
    }

    /// Makes reads give up after `milliseconds` (0: wait for ever).
    package func setReceiveTimeout(milliseconds: Int) {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: Int((milliseconds % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The user id of the process at the other end (SO_PEERCRED).
    package var peerUserID: UInt32? {
        var uid: UInt32 = 0
        return muster_peer_uid(fd, &uid) == 0 ? uid : nil
    }

    /// The next line without its newline; nil at end of stream, on error, or past `limit` bytes.
    package func readLine(limit: Int = 1 << 20) -> [UInt8]? {
        var scanned = 0  // bytes of `buffer` known to hold no newline
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                return line
            }
            scanned = buffer.count
            guard buffer.count < limit else { return nil }
            var interrupted = false
            let n = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65536) { chunk in
                let n = read(fd, chunk.baseAddress, chunk.count)
                if n > 0 {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<n]))
                } else if n < 0 {
                    interrupted = errno == EINTR
                }
                return n
            }
            if interrupted { continue }
            guard n > 0 else { return nil }
        }
    }

    /// Writes all of `bytes`; false when the peer is gone.
    @discardableResult
    package func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    private static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8.prefix(107)) + [0]
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
