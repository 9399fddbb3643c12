internal import Glibc
internal import MusterControl

/// The SHA-256 of files' contents, remembered across runs by what `stat` says of each file
/// (device, inode, size, modification and change times, as git's index and ninja do), so that a
/// file nobody touched is not read again.
///
/// Kept in the cache folder as `stat-cache`, one line per file; written atomically (a temporary
/// file renamed over it), so a killed run or two runs at once never leave it torn — at worst
/// one run's new lines are lost, and those files are read again.
final class FileDigests {
    /// What `stat` said of a file when it was hashed.
    struct Signature: Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var changed: Int64
    }

    private let path: String
    private var known: [String: (signature: Signature, digest: String)] = [:]
    private var changed = false
    /// Files read (not found unchanged) since the start, for the benchmarks.
    private(set) var filesRead = 0

    /// The digests remembered in `folder`'s `stat-cache`.
    init(folder: String) {
        path = folder + "/stat-cache"
        for line in CacheFiles.read(path).split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 6)
            guard fields.count == 7 else { continue }
            let numbers = fields[0..<5].compactMap { Int64(String(decoding: $0, as: UTF8.self)) }
            guard numbers.count == 5 else { continue }
            let signature = Signature(
                device: UInt64(bitPattern: numbers[0]), inode: UInt64(bitPattern: numbers[1]), size: numbers[2],
                modified: numbers[3], changed: numbers[4])
            known[String(decoding: fields[6], as: UTF8.self)] = (signature, String(decoding: fields[5], as: UTF8.self))
        }
    }

    /// The hex SHA-256 of the file at `path`'s contents; nil when it cannot be read.
    func digest(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let signature = Signature(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
        if let entry = known[path], entry.signature == signature { return entry.digest }
        guard let digest = Self.hash(path) else { return nil }
        filesRead += 1
        known[path] = (signature, digest)
        changed = true
        return digest
    }

    /// Writes what was learnt back to `stat-cache`, when something was.
    func save() {
        guard changed, !path.contains("\n") else { return }
        var text: [UInt8] = []
        for (file, entry) in known where !file.contains("\n") {
            let s = entry.signature
            text += Array("\(Int64(bitPattern: s.device)) \(Int64(bitPattern: s.inode)) \(s.size) \(s.modified) \(s.changed) \(entry.digest) \(file)\n".utf8)
        }
        if CacheFiles.writeAtomically(text, to: path) { changed = false }
    }

    /// Reads and hashes the file at `path`, 1 MiB at a time.
    static func hash(_ path: String) -> String? {
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
            if n == 0 { return hasher.finalize().hex }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
