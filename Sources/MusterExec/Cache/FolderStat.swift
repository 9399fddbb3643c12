internal import Glibc

/// `stat` of files one after another, by name relative to their folder's descriptor, which stays
/// open while the files are in the same folder: the kernel looks up one name instead of a whole
/// path. Meant for one walk over files found together (the folder is not watched for renames);
/// the descriptor is closed when this goes.
final class FolderStat {
    /// The folder open, as bytes of the paths given; empty when none is.
    private var folder: [UInt8] = []
    private var descriptor: Int32 = -1

    /// What `stat` says of the file at `path` (symbolic links followed); nil when it cannot.
    func status(of path: String) -> stat? {
        path.withCString { cPath -> stat? in
            var info = stat()
            var slash = strlen(cPath) - 1
            while slash >= 0 && cPath[slash] != 0x2F { slash -= 1 }
            guard slash > 0, cPath[slash + 1] != 0, open(folder: cPath, length: slash) else {
                return stat(cPath, &info) == 0 ? info : nil
            }
            return fstatat(descriptor, cPath + slash + 1, &info, 0) == 0 ? info : nil
        }
    }

    /// Opens the folder named by the `length` bytes at `name`, unless it is open already; false
    /// when it cannot.
    private func open(folder name: UnsafePointer<CChar>, length: Int) -> Bool {
        if descriptor >= 0, folder.count == length, folder.withUnsafeBytes({ memcmp($0.baseAddress!, name, length) }) == 0 {
            return true
        }
        if descriptor >= 0 { close(descriptor) }
        folder = Array(UnsafeRawBufferPointer(start: name, count: length))
        descriptor = (folder + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { Glibc.open($0.baseAddress!, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        }
        return descriptor >= 0
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}
