internal import Glibc

/// A fresh directory under `$TMPDIR` (or /tmp) for one test, removed with everything in it by
/// `remove()`.
package struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    package let path: String

    /// Creates the directory.
    package init() {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/muster-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(cString: created!)
    }

    /// Writes `contents` to `name` inside the directory (creating folders), returning its path.
    @discardableResult
    package func write(_ name: String, _ contents: String) -> String {
        let full = path + "/" + name
        var folder = ""
        for part in name.split(separator: "/").dropLast() {
            folder += "/" + part
            mkdir(path + folder, 0o755)
        }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot write \(full)")
        let bytes = Array(contents.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return full
    }

    /// Removes the directory and its contents.
    package func remove() {
        _ = system("rm -rf '\(path)'")
    }
}
