/// `${…}` interpolation as docker compose does it: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?message}`, `${VAR?message}`, `${VAR:+alternative}`, `${VAR+alternative}`, and `$$` for a
/// literal `$`. Defaults may nest (`${A:-${B}}`). A bare `$VAR` or `$(…)` is left for the shell.
package enum Interpolation {
    /// Something wrong with one `${…}`; `offset` counts Unicode scalars from the start of the text.
    package struct Problem: Sendable, Hashable {
        /// Error or warning.
        package var severity: Diagnostic.Severity
        /// What is wrong.
        package var message: String
        /// Where the `$` of the offending expression is, in Unicode scalars from the text's start.
        package var offset: Int

        /// Creates a problem.
        package init(severity: Diagnostic.Severity, message: String, offset: Int) {
            self.severity = severity
            self.message = message
            self.offset = offset
        }
    }

    /// The expanded text and any problems; the text is best-effort when there are errors.
    package static func expand(
        _ text: String, lookup: (String) -> String?
    ) -> (value: String, problems: [Problem]) {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return (text, []) }
        return withoutActuallyEscaping(lookup) { lookup in
            var scanner = Scanner(bytes: Array(text.utf8), lookup: lookup)
            let value = scanner.expand(until: nil)
            let problems = scanner.problems.map { problem in
                var problem = problem
                problem.offset = scanner.scalarOffset(ofByte: problem.offset)
                return problem
            }
            return (String(decoding: value, as: UTF8.self), problems)
        }
    }

    /// Reads `${…}` over the text's UTF-8 bytes (every delimiter is ASCII); problems are found at
    /// byte offsets and reported in Unicode scalars.
    private struct Scanner {
        let bytes: [UInt8]
        let lookup: (String) -> String?
        var position = 0
        var depth = 0
        var problems: [Problem] = []

        init(bytes: [UInt8], lookup: @escaping (String) -> String?) {
            self.bytes = bytes
            self.lookup = lookup
        }

        /// The number of Unicode scalars before byte `offset`.
        func scalarOffset(ofByte offset: Int) -> Int {
            bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }

        /// Expands up to `terminator` (a closing `}` of an enclosing expression) or the end.
        mutating func expand(until terminator: UInt8?) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count - position)
            while position < bytes.count {
                let c = bytes[position]
                if c == terminator { return out }
                guard c == UInt8(ascii: "$"), position + 1 < bytes.count else {
                    out.append(c)
                    position += 1
                    continue
                }
                let next = bytes[position + 1]
                if next == UInt8(ascii: "$") {
                    out.append(c)
                    position += 2
                } else if next == UInt8(ascii: "{") {
                    out.append(contentsOf: expression().utf8)
                } else {
                    out.append(c)
                    position += 1
                }
            }
            return out
        }

        private static func isNameStart(_ c: UInt8) -> Bool {
            c == UInt8(ascii: "_") || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z"))
        }

        private static func isName(_ c: UInt8) -> Bool {
            isNameStart(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }

        /// Reads `${…}` starting at its `$`, returning its value.
        private mutating func expression() -> String {
            let start = position
            depth += 1
            defer { depth -= 1 }
            guard depth <= 32 else {
                fail("'${…}' expressions nest more than 32 deep here", at: start)
                position = bytes.count
                return ""
            }
            position += 2
            let nameStart = position
            while position < bytes.count, Self.isName(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
            guard position < bytes.count else {
                fail("'${' is not closed; add a '}' (write '$$' for a literal '$')", at: start)
                return ""
            }
            guard let first = name.utf8.first, Self.isNameStart(first) else {
                fail("'${' must be followed by a variable name such as ${HOME}; write '$$' for a literal '$'", at: start)
                skipToClose()
                return ""
            }
            let value = lookup(name)
            var op = String(decoding: bytes[position..<scalarEnd(position)], as: UTF8.self)
            if op == "}" {
                position += 1
                if value == nil {
                    problems.append(
                        Problem(
                            severity: .warning,
                            message: "variable '\(name)' is not set; it expands to an empty string",
                            offset: start))
                }
                return value ?? ""
            }
            if op == ":" {
                position += 1
                guard position < bytes.count else {
                    fail("'${' is not closed; add a '}'", at: start)
                    return ""
                }
                op += String(decoding: bytes[position..<scalarEnd(position)], as: UTF8.self)
            }
            guard ["-", ":-", "?", ":?", "+", ":+"].contains(op) else {
                fail(
                    "unexpected '\(op)' in '${\(name)…}'; use ${\(name)}, ${\(name):-default} or ${\(name):?message}",
                    at: start)
                skipToClose()
                return ""
            }
            position += 1
            let word = String(decoding: expand(until: UInt8(ascii: "}")), as: UTF8.self)
            guard position < bytes.count else {
                fail("'${' is not closed; add a '}'", at: start)
                return ""
            }
            position += 1
            let unsetOrEmpty = value == nil || (op.hasPrefix(":") && value!.isEmpty)
            switch op.last {
            case "-": return unsetOrEmpty ? word : value!
            case "+": return unsetOrEmpty ? "" : word
            default:
                if unsetOrEmpty {
                    let reason = word.isEmpty ? "is required" : word
                    fail("variable '\(name)' is \(value == nil ? "not set" : "empty"): \(reason)", at: start)
                    return ""
                }
                return value!
            }
        }

        /// The end of the UTF-8 sequence that starts at `index`.
        private func scalarEnd(_ index: Int) -> Int {
            var end = index + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return end
        }

        private mutating func skipToClose() {
            while position < bytes.count, bytes[position] != UInt8(ascii: "}") { position += 1 }
            position = min(position + 1, bytes.count)
        }

        private mutating func fail(_ message: String, at offset: Int) {
            problems.append(Problem(severity: .error, message: message, offset: offset))
        }
    }
}
