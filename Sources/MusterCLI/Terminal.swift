internal import Glibc

/// Standard output and error as file descriptors, with the TTY and `NO_COLOR` checks for colours.
struct Terminal: Sendable {
    /// Standard output.
    static let standardOutput = Terminal(fd: 1)
    /// Standard error.
    static let standardError = Terminal(fd: 2)

    let fd: Int32

    /// Colours only on a terminal, and never when `NO_COLOR` is set to anything non-empty.
    var wantsColor: Bool {
        guard isatty(fd) == 1 else { return false }
        guard let noColor = getenv("NO_COLOR") else { return true }
        return noColor.pointee == 0
    }

    /// Writes all of `text`, retrying short writes; false when the descriptor fails.
    @discardableResult
    func write(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// muster's own environment, read once (muster never changes it). Split as bytes: a split by
    /// `Character` cost a few thousand instructions a variable at every start.
    static let environment: [String: String] = {
        var count = 0
        while environ[count] != nil { count += 1 }
        var result: [String: String] = [:]
        result.reserveCapacity(count)
        var pointer = environ
        while let entry = pointer.pointee {
            if let equals = strchr(entry, 0x3D) {
                let name = UnsafeRawBufferPointer(start: entry, count: equals - entry)
                let value = UnsafeRawBufferPointer(start: equals + 1, count: strlen(equals + 1))
                result[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
            }
            pointer += 1
        }
        return result
    }()
}
