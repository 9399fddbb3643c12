internal import Glibc

/// Reading the small text files and folders of /proc (and /sys) without Foundation.
enum ProcFiles {
    /// The whole text of a small file, or nil (errno set) when it cannot be opened.
    static func text(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            text += buffer[0..<n]
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The names in folder `path` (without `.` and `..`); nil when it cannot be opened.
    static func names(in path: String) -> [String]? {
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The pids of the processes listed in /proc.
    static func processes() -> [Int32] {
        (names(in: "/proc") ?? []).compactMap { Int32($0) }
    }

    /// The fields of /proc/PID/stat after the command's closing parenthesis (state, ppid, pgrp,
    /// …), or nil when the process is gone.
    static func statFields(of pid: Int32) -> [Substring]? {
        guard let text = self.text("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// The target of the symbolic link at `path`, or nil.
    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
