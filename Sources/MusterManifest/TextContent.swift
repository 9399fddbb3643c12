/// Tells text from binary content before it reaches a parser, so that `check -f /bin/true` says
/// "not a text file" instead of echoing the file's bytes in a message or an excerpt.
package enum TextContent {
    /// What makes content not text, and where it starts.
    package struct Problem: Sendable, Hashable {
        /// "it holds NUL bytes", "it is not valid UTF-8", "it holds control characters".
        package var reason: String
        /// 1-based line of the first offending byte.
        package var line: Int
        /// 1-based column of it, in Unicode scalars.
        package var column: Int
    }

    /// Why `bytes` are not UTF-8 text, or nil when they are. Text may hold tabs, line feeds and
    /// carriage returns, but no other control characters (YAML's printable set).
    package static func problem(in bytes: [UInt8]) -> Problem? {
        // Most manifests are printable ASCII, which a plain scan confirms.
        if bytes.withUnsafeBytes(isPrintableASCII) { return nil }
        var line = 1
        var column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let value = scalar.value
                if value == 0 { return Problem(reason: "it holds NUL bytes", line: line, column: column) }
                if !isPrintable(value) {
                    return Problem(reason: "it holds control characters", line: line, column: column)
                }
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return Problem(reason: "it is not valid UTF-8", line: line, column: column)
            }
        }
    }

    /// Whether every byte is printable ASCII, a tab, a line feed or a carriage return: eight bytes
    /// at a time, those of a word with a byte outside 0x20...0x7E (each line's end) one by one.
    private static func isPrintableASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let isAllowed: (UInt8) -> Bool = { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A byte below 0x20, and a byte equal to 0x7F (a zero byte once 0x7F is xored out).
            let below = (word &- 0x20 &* ones) & ~word & highs
            let delete = word ^ (0x7F &* ones)
            if (word & highs) | below | ((delete &- ones) & ~delete & highs) != 0,
                !bytes[offset..<offset + 8].allSatisfy(isAllowed)
            {
                return false
            }
            offset += 8
        }
        return bytes[offset...].allSatisfy(isAllowed)
    }

    /// YAML's printable characters: tab, LF, CR, the rest of ASCII but DEL, NEL, and beyond.
    private static func isPrintable(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
