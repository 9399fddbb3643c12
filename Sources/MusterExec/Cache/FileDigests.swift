internal import Glibc
internal import MusterControl

/// The SHA-256 of files' contents, remembered across runs by what `stat` says of each file
/// (device, inode, size, modification and change times, as git's index and ninja do), so that a
/// file nobody touched is not read again.
///
/// Kept in the cache folder as `stat-cache`, a binary file read whole into one buffer and looked
/// up in place (no string per entry): a header line, then one record per file —
/// `DEVICE INODE SIZE MTIME CTIME` (five 64-bit little-endian numbers), the 32-byte digest, the
/// path's length (32 bits) and its bytes. Written atomically (a temporary file renamed over it),
/// so a killed run or two runs at once never leave it torn — at worst one run's new records are
/// lost, and those files are read again. A file in another format (an older muster's) counts as
/// empty; a record cut short ends the reading.
final class FileDigests {
    /// What `stat` said of a file when it was hashed.
    struct Signature: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var changed: Int64
    }

    /// The first bytes of a `stat-cache` in this format.
    private static let header = Array("muster-stat-cache 2\n".utf8)
    /// A record's bytes before its path: signature, digest, path length.
    private static let fixedSize = 40 + 32 + 4

    private let path: String
    /// The `stat-cache` as read.
    private let stored: [UInt8]
    /// Where each stored record starts, by the hash of its path.
    private var index: [Int: Int] = [:]
    /// Stored records replaced by what this run learnt.
    private var superseded = Set<Int>()
    /// What this run learnt: path → signature and digest.
    private var learnt: [String: (signature: Signature, digest: FileDigest)] = [:]
    /// Whether something was learnt since the last save.
    private var changed = false

    /// The digests remembered in `folder`'s `stat-cache`.
    init(folder: String) {
        path = folder + "/stat-cache"
        let bytes = CacheFiles.read(path)
        stored = bytes.starts(with: Self.header) ? bytes : []
        stored.withUnsafeBytes { buffer in
            index.reserveCapacity(buffer.count / 120)
            var offset = Self.header.count
            while offset + Self.fixedSize <= buffer.count {
                let length = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 72, as: UInt32.self)))
                let end = offset + Self.fixedSize + length
                guard end <= buffer.count else { break }
                index[Self.hash(UnsafeRawBufferPointer(rebasing: buffer[(offset + Self.fixedSize)..<end]))] = offset
                offset = end
            }
        }
    }

    /// The SHA-256 of the file at `path`'s contents; nil when it cannot be read.
    func digest(of path: String) -> FileDigest? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let signature = Signature(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
        if let entry = learnt[path], entry.signature == signature { return entry.digest }
        var name = path
        let offset = name.withUTF8 { self.offset(of: UnsafeRawBufferPointer($0)) }
        if let offset {
            let digest = stored.withUnsafeBytes { buffer -> FileDigest? in
                func number(_ n: Int) -> Int64 { Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8 * n, as: Int64.self)) }
                let old = Signature(
                    device: UInt64(bitPattern: number(0)), inode: UInt64(bitPattern: number(1)), size: number(2),
                    modified: number(3), changed: number(4))
                return old == signature ? FileDigest(UnsafeRawBufferPointer(rebasing: buffer[(offset + 40)..<(offset + 72)])) : nil
            }
            if let digest { return digest }
            superseded.insert(offset)
        }
        guard let digest = Self.hash(path) else { return nil }
        learnt[path] = (signature, digest)
        changed = true
        return digest
    }

    /// Where the stored record of the file named by the bytes `name` starts; nil when none is.
    private func offset(of name: UnsafeRawBufferPointer) -> Int? {
        guard let offset = index[Self.hash(name)] else { return nil }
        return stored.withUnsafeBytes { buffer in
            let length = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 72, as: UInt32.self)))
            guard length == name.count else { return nil }
            let start = offset + Self.fixedSize
            return name.count == 0 || memcmp(buffer.baseAddress! + start, name.baseAddress!, length) == 0 ? offset : nil
        }
    }

    /// Hashes a path's bytes for the index (seeded per process, so never stored).
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    /// Writes what was learnt back to `stat-cache`, when something was: the stored records that
    /// still hold, then the new ones.
    func save() {
        guard changed else { return }
        var bytes = Self.header
        bytes.reserveCapacity(stored.count + learnt.count * 160)
        stored.withUnsafeBytes { buffer in
            var offset = Self.header.count
            while offset + Self.fixedSize <= buffer.count {
                let length = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 72, as: UInt32.self)))
                let end = offset + Self.fixedSize + length
                guard end <= buffer.count else { break }
                if !superseded.contains(offset) { bytes += buffer[offset..<end] }
                offset = end
            }
        }
        for (file, entry) in learnt {
            let s = entry.signature
            for number in [Int64(bitPattern: s.device), Int64(bitPattern: s.inode), s.size, s.modified, s.changed] {
                withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
            }
            entry.digest.withUnsafeBytes { bytes += $0 }
            withUnsafeBytes(of: UInt32(file.utf8.count).littleEndian) { bytes += $0 }
            bytes += file.utf8
        }
        if CacheFiles.writeAtomically(bytes, to: path) { changed = false }
    }

    /// Reads and hashes the file at `path`, 1 MiB at a time.
    static func hash(_ path: String) -> FileDigest? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256Hasher()
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return hasher.finalize().withUnsafeBytes { FileDigest($0) } }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
