internal import MusterControl

/// A SHA-256 digest of a file's contents, held inline (32 bytes, no allocation).
struct FileDigest: Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The digest whose 32 bytes are `bytes`' first 32.
    init(_ bytes: UnsafeRawBufferPointer) {
        words = (
            bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    static func == (a: FileDigest, b: FileDigest) -> Bool { a.words == b.words }

    /// Calls `body` with the digest's 32 bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        Swift.withUnsafeBytes(of: words, body)
    }

    /// Lower-case hexadecimal.
    var hex: String { withUnsafeBytes { Array($0).hex } }
}
