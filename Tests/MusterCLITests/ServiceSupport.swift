import Foundation
import Glibc
import Testing

/// Helpers for the readiness, restart and `up` tests: free ports, muster's event lines, the pids
/// its "started" events name.
enum ServiceSupport {
    /// A TCP port on 127.0.0.1 nobody listens on right now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The lines of `text` (muster's standard error, say).
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }

    /// The position of the first line of `stderr` starting with `prefix`, nil when none does.
    static func index(of prefix: String, in stderr: String) -> Int? {
        lines(stderr).firstIndex { $0.hasPrefix(prefix) }
    }

    /// The lines of `stderr` starting with `prefix`.
    static func events(_ prefix: String, in stderr: String) -> [String] {
        lines(stderr).filter { $0.hasPrefix(prefix) }
    }

    /// The pid in an event line "muster: NAME started (pid N)[, restart K]".
    static func pid(inStartedEvent line: String) -> Int32? {
        guard let open = line.range(of: "(pid ") else { return nil }
        return Int32(line[open.upperBound...].prefix { $0.isNumber })
    }

    /// The pids of every "muster: NAME started" event in `stderr`, in order.
    static func startedPids(of name: String, in stderr: String) -> [Int32] {
        events("muster: \(name) started (pid ", in: stderr).compactMap(pid(inStartedEvent:))
    }
}
