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

    /// The digests remembered in `folder`'s `stat-cache`; lines that do not read back whole are
    /// left out (their files are read again).
    init(folder: String) {
        path = folder + "/stat-cache"
        let bytes = CacheFiles.read(path)
        known.reserveCapacity(bytes.count / 120)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if let (file, entry) = Self.parse(bytes[start..<end]) { known[file] = entry }
            start = end + 1
        }
    }

    /// One line: `DEVICE INODE SIZE MTIME CTIME DIGEST PATH`, numbers in decimal.
    private static func parse(_ line: ArraySlice<UInt8>) -> (String, (signature: Signature, digest: String))? {
        var index = line.startIndex
        var numbers: [Int64] = []
        numbers.reserveCapacity(5)
        while numbers.count < 5 {
            var value: Int64 = 0
            var negative = false
            if index < line.endIndex, line[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            let digitsStart = index
            while index < line.endIndex, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int64(line[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index > digitsStart, index < line.endIndex, line[index] == UInt8(ascii: " ") else { return nil }
            numbers.append(negative ? -value : value)
            index += 1
        }
        guard index + 65 < line.endIndex, line[index + 64] == UInt8(ascii: " ") else { return nil }
        let digest = String(decoding: line[index..<(index + 64)], as: UTF8.self)
        let file = String(decoding: line[(index + 65)...], as: UTF8.self)
        let signature = Signature(
            device: UInt64(bitPattern: numbers[0]), inode: UInt64(bitPattern: numbers[1]), size: numbers[2],
            modified: numbers[3], changed: numbers[4])
        return (file, (signature, digest))
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
