internal import Glibc
internal import MusterControl

/// The SHA-256 of files' contents, remembered across runs by what `stat` says of each file
/// (device, inode, size, modification and change times, as git's index and ninja do), so that a
/// file nobody touched is not read again.
///
/// Kept in the cache folder as `stat-cache`, a binary file read whole into one buffer and used in
/// place (no string per record): a header line, then one record per file — `DEVICE INODE SIZE
/// MTIME CTIME` (five 64-bit little-endian numbers), the 32-byte digest, the path's length
/// (32 bits) and its bytes. Records are written in the order the files were looked up, so the
/// next run, walking the same folders in the same order, finds each file's record just after the
/// last one (a merge walk); only when that fails is an index of all records built, by the hash
/// of their paths.
///
/// Written atomically (a temporary file renamed over it), so a killed run or two runs at once
/// never leave it torn — at worst one run's new records are lost, and those files are read
/// again. A file in another format (an older muster's) counts as empty; a record cut short ends
/// the reading.
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
    /// Where the record after the last one found starts.
    private var cursor = FileDigests.header.count
    /// Where each stored record starts, by the hash of its path; built at the first file whose
    /// record is not at the cursor.
    private var index: [Int: Int]?
    /// Stored records replaced by what this run learnt.
    private var superseded = Set<Int>()
    /// What this run learnt, in the order it was learnt.
    private var learnt: [(file: String, signature: Signature, digest: FileDigest)] = []
    /// Where in `learnt` each file's record is.
    private var learntIndex: [String: Int] = [:]
    /// The records looked up, in order: a stored record's offset, or `-1 - i` for `learnt[i]`.
    private var visits: [Int] = []
    /// Whether something was learnt since the last save.
    private var changed = false

    /// The digests remembered in `folder`'s `stat-cache`.
    init(folder: String) {
        path = folder + "/stat-cache"
        let bytes = CacheFiles.read(path)
        stored = bytes.starts(with: Self.header) ? bytes : []
    }

    /// The SHA-256 of the file at `path`'s contents; nil when it cannot be read.
    func digest(of path: String) -> FileDigest? {
        digest(of: path, statting: FolderStat())
    }

    /// The digests of the files at `paths`, each passed to `body` in order; false (after those
    /// before it) at the first that cannot be read. Files in the same folder one after another
    /// are `stat`ed by name, relative to the folder's descriptor.
    func forEachDigest(of paths: [String], _ body: (String, FileDigest) -> Void) -> Bool {
        let folders = FolderStat()
        for path in paths {
            guard let digest = digest(of: path, statting: folders) else { return false }
            body(path, digest)
        }
        return true
    }

    /// The SHA-256 of the file at `path`'s contents, `stat`ed through `folders`.
    private func digest(of path: String, statting folders: FolderStat) -> FileDigest? {
        guard let info = folders.status(of: path) else { return nil }
        let signature = Signature(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
        var name = path
        if let offset = name.withUTF8({ self.offset(of: UnsafeRawBufferPointer($0)) }) {
            visits.append(offset)
            if let digest = storedDigest(at: offset, signature: signature) { return digest }
            superseded.insert(offset)
        }
        if let known = learntIndex[path] {
            if learnt[known].signature == signature { return learnt[known].digest }
        }
        guard let digest = Self.hash(path) else { return nil }
        if let known = learntIndex[path] {
            learnt[known] = (path, signature, digest)
        } else {
            learntIndex[path] = learnt.count
            visits.append(-1 - learnt.count)
            learnt.append((path, signature, digest))
        }
        changed = true
        return digest
    }

    /// The digest in the stored record at `offset`, when its signature is `signature`.
    private func storedDigest(at offset: Int, signature: Signature) -> FileDigest? {
        stored.withUnsafeBytes { buffer in
            func number(_ n: Int) -> Int64 { Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8 * n, as: Int64.self)) }
            let old = Signature(
                device: UInt64(bitPattern: number(0)), inode: UInt64(bitPattern: number(1)), size: number(2),
                modified: number(3), changed: number(4))
            return old == signature ? FileDigest(UnsafeRawBufferPointer(rebasing: buffer[(offset + 40)..<(offset + 72)])) : nil
        }
    }

    /// Where the stored record of the file named by the bytes `name` starts (the one at the
    /// cursor, or else the index's); nil when none is. Moves the cursor past the record found.
    private func offset(of name: UnsafeRawBufferPointer) -> Int? {
        if let end = recordEnd(at: cursor), matches(name, at: cursor) {
            let found = cursor
            cursor = end
            return found
        }
        if index == nil { index = makeIndex() }
        guard let offset = index?[Self.hash(name)], matches(name, at: offset), let end = recordEnd(at: offset) else { return nil }
        cursor = end
        return offset
    }

    /// Where the stored record at `offset` ends; nil when none starts there whole.
    private func recordEnd(at offset: Int) -> Int? {
        guard offset + Self.fixedSize <= stored.count else { return nil }
        let length = stored.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset + 72, as: UInt32.self))) }
        let end = offset + Self.fixedSize + length
        return end <= stored.count ? end : nil
    }

    /// Whether the stored record at `offset` (whole) is the file named by the bytes `name`.
    private func matches(_ name: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard let end = recordEnd(at: offset), end - offset - Self.fixedSize == name.count else { return false }
        return name.isEmpty || stored.withUnsafeBytes { memcmp($0.baseAddress! + offset + Self.fixedSize, name.baseAddress!, name.count) == 0 }
    }

    /// The offsets of the stored records, in order.
    private func storedOffsets() -> [Int] {
        var offsets: [Int] = []
        var offset = Self.header.count
        while let end = recordEnd(at: offset) {
            offsets.append(offset)
            offset = end
        }
        return offsets
    }

    /// Every stored record's offset by the hash of its path.
    private func makeIndex() -> [Int: Int] {
        var index: [Int: Int] = [:]
        index.reserveCapacity(stored.count / 120)
        stored.withUnsafeBytes { buffer in
            for offset in storedOffsets() {
                index[Self.hash(UnsafeRawBufferPointer(rebasing: buffer[(offset + Self.fixedSize)..<recordEnd(at: offset)!]))] = offset
            }
        }
        return index
    }

    /// Hashes a path's bytes for the index (seeded per process, so never stored).
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    /// Writes what was learnt back to `stat-cache`, when something was: the records looked up,
    /// in the order they were, then the other stored records that still hold.
    func save() {
        guard changed else { return }
        var bytes = Self.header
        bytes.reserveCapacity(stored.count + learnt.count * 160)
        var written = Set<Int>()
        var writtenLearnt = Set<Int>()
        for visit in visits {
            if visit >= 0 {
                if !superseded.contains(visit), written.insert(visit).inserted { bytes += stored[visit..<recordEnd(at: visit)!] }
            } else if writtenLearnt.insert(-1 - visit).inserted {
                append(learnt[-1 - visit], to: &bytes)
            }
        }
        for offset in storedOffsets() where !superseded.contains(offset) && !written.contains(offset) {
            bytes += stored[offset..<recordEnd(at: offset)!]
        }
        if CacheFiles.writeAtomically(bytes, to: path) { changed = false }
    }

    /// Appends the record of a file learnt to `bytes`.
    private func append(_ record: (file: String, signature: Signature, digest: FileDigest), to bytes: inout [UInt8]) {
        let s = record.signature
        for number in [Int64(bitPattern: s.device), Int64(bitPattern: s.inode), s.size, s.modified, s.changed] {
            withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
        }
        record.digest.withUnsafeBytes { bytes += $0 }
        withUnsafeBytes(of: UInt32(record.file.utf8.count).littleEndian) { bytes += $0 }
        bytes += record.file.utf8
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
