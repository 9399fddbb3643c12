internal import Glibc

/// A run's authkey: 32 random bytes, as Python gives each process tree, handed to entries as
/// `MUSTER_AUTHKEY` (hex) and never printed in full.
package struct Authkey: Sendable, Hashable {
    /// The key.
    package let bytes: [UInt8]

    /// A fresh random key from the kernel (`getrandom`).
    package static func random() -> Authkey {
        var bytes = [UInt8](repeating: 0, count: 32)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        precondition(fd >= 0, "cannot open /dev/urandom")
        defer { close(fd) }
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            precondition(n > 0 || errno == EINTR, "cannot read /dev/urandom")
            if n > 0 { filled += n }
        }
        return Authkey(bytes: bytes)
    }

    /// Creates a key from bytes.
    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The key in hex, for `MUSTER_AUTHKEY`.
    package var hex: String { bytes.hex }

    /// What reports show instead of the key: `sha256:` and the first 16 hex digits of its hash.
    package var fingerprint: String { "sha256:" + String(SHA256Hasher.hash(bytes).hex.prefix(16)) }
}
