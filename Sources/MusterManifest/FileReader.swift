internal import Glibc

/// Reads whole files with POSIX calls, turning failures into messages for people.
package enum FileReader {
    /// The largest file muster reads as a manifest or env file.
    package static let sizeLimit = 64 << 20

    /// A file that could not be read, with a message such as "no such file".
    package struct Failure: Error, Sendable, Hashable {
        /// Why the file could not be read, from `strerror`.
        package var reason: String
        /// The `errno` behind it (`ENOENT` for a missing file), or 0.
        package var code: Int32 = 0

        /// Whether the file does not exist.
        package var isMissing: Bool { code == ENOENT }
    }

    /// The bytes of the file at `path`.
    ///
    /// - Throws: `Failure` when the file is missing, unreadable, a directory, or over `sizeLimit`.
    package static func contents(of path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: errorText(errno), code: errno) }
        defer { close(fd) }
        return try readAll(fd)
    }

    /// All bytes from `fd` up to end of file (standard input for `-f -`).
    ///
    /// - Throws: `Failure` when reading fails or the data is over `sizeLimit`.
    package static func readAll(_ fd: Int32) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: errorText(errno), code: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > sizeLimit {
                throw Failure(reason: "larger than \(sizeLimit >> 20) MiB")
            }
        }
    }

    /// Whether `path` names an existing directory.
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` exists and is something other than a regular file (a device, a FIFO, a
    /// folder), which a manifest may not include or extend: reading it could block or never end.
    package static func isSpecialFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
    }

    /// The current working directory, absolute.
    package static func currentDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "/" }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    private static func errorText(_ code: Int32) -> String {
        code == EISDIR ? "it is a directory" : SystemError.text(code)
    }
}
