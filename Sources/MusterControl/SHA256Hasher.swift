internal import Crypto

/// SHA-256 and HMAC-SHA256 through swift-crypto (BoringSSL, which uses the CPU's SHA extensions):
/// the authkey's fingerprint and challenge–response, the socket path's stem and the job cache's keys.
///
/// A streaming hasher: feed it with `update` as many times as needed, then read `finalize()`.
/// Nothing here throws.
package struct SHA256Hasher: Sendable {
    private var state = Crypto.SHA256()

    /// A hasher that has seen no bytes yet.
    package init() {}

    /// Adds `bytes` to what has been hashed.
    package mutating func update(_ bytes: [UInt8]) {
        state.update(data: bytes)
    }

    /// Adds the bytes in `buffer` to what has been hashed, without copying them.
    package mutating func update(_ buffer: UnsafeRawBufferPointer) {
        state.update(bufferPointer: buffer)
    }

    /// Adds the UTF-8 bytes of `text` followed by a NUL, so that consecutive fields never run
    /// into one another (`"ab","c"` and `"a","bc"` hash differently).
    package mutating func update(field text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { update($0) }
    }

    /// The 32-byte digest of everything added.
    package func finalize() -> [UInt8] {
        Array(state.finalize())
    }

    /// The 32-byte digest of `message`.
    package static func hash(_ message: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: message))
    }

    /// HMAC-SHA256 of `message` under `key` (RFC 2104).
    package static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<Crypto.SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hexadecimal.
    package var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
