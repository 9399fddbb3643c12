import Glibc
import MusterManifest
import MusterTestSupport
import Testing

/// The file-system half of `check`: what `run` would refuse (a missing `cwd`, a `log:` that cannot
/// be written) is an error at the value, and checking leaves nothing behind.
struct FileSystemCheckTests {
    private func check(_ marked: String, in folder: TemporaryDirectory) -> (MarkedSource, [Diagnostic]) {
        let source = MarkedSource(marked)
        let loaded = loadManifest(source.text, directory: folder.path)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.messages)")
        return (source, FileSystemCheck.diagnostics(for: loaded.manifest))
    }

    /// The names in `folder`, hidden ones included.
    private func listing(_ folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    @Test func aMissingWorkingDirectoryIsAnErrorAtCwd() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let (source, diagnostics) = check("processes:\n  a: {command: pwd, cwd: 1️⃣nodir}\n", in: folder)
        #expect(
            diagnostics.map(\.message) == [
                "the working directory \(folder.path)/nodir does not exist; create it or fix 'cwd'"
            ])
        #expect(diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func aWorkingDirectoryThatIsAFileIsAnError() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("file", "")
        let (_, diagnostics) = check("processes:\n  a: {command: pwd, cwd: file}\n", in: folder)
        #expect(diagnostics.map(\.message) == ["the working directory \(folder.path)/file is not a folder; fix 'cwd'"])
    }

    @Test func aLogFileUnderProcIsAnErrorAtLog() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let (source, diagnostics) = check("processes:\n  d: {command: echo hi, log: 1️⃣/proc/nope/x.log}\n", in: folder)
        #expect(diagnostics.count == 1)
        #expect(
            diagnostics.first?.message.hasPrefix(
                "cannot create the log file /proc/nope/x.log: making a folder in /proc fails") == true)
        #expect(diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func aLogFileThatIsAFolderOrUnderAFileIsAnError() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("logs/keep", "")
        folder.write("file", "")
        let (_, diagnostics) = check(
            "processes:\n  a: {command: x, log: logs}\n  b: {command: x, log: file/x.log}\n", in: folder)
        #expect(
            diagnostics.map(\.message) == [
                "the log file \(folder.path)/logs is a folder; name a file",
                "cannot use the log file \(folder.path)/file/x.log: not a directory",
            ])
    }

    @Test func checkingLogFilesLeavesNothingBehind() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("old.log", "kept\n")
        folder.write("logs/keep", "")
        let before = listing(folder.path)
        let (_, diagnostics) = check(
            "processes:\n  a: {command: x, log: old.log}\n  b: {command: x, log: logs/new.log}\n  c: {command: x, log: deep/er/c.log}\n",
            in: folder)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(listing(folder.path) == before)
        #expect(listing(folder.path + "/logs") == ["keep"])
        let fd = open(folder.path + "/old.log", O_RDONLY)
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(fd, &buffer, 16)
        close(fd)
        #expect(Array(buffer.prefix(max(0, count))) == Array("kept\n".utf8))
    }
}
