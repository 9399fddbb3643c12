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
        if bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) { return nil }
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

    /// YAML's printable characters: tab, LF, CR, the rest of ASCII but DEL, NEL, and beyond.
    private static func isPrintable(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
