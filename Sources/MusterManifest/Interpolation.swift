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
        withoutActuallyEscaping(lookup) { lookup in
            var scanner = Scanner(scalars: Array(text.unicodeScalars), lookup: lookup)
            let value = scanner.expand(until: nil)
            return (value, scanner.problems)
        }
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        let lookup: (String) -> String?
        var position = 0
        var depth = 0
        var problems: [Problem] = []

        init(scalars: [Unicode.Scalar], lookup: @escaping (String) -> String?) {
            self.scalars = scalars
            self.lookup = lookup
        }

        /// Expands up to `terminator` (a closing `}` of an enclosing expression) or the end.
        mutating func expand(until terminator: Unicode.Scalar?) -> String {
            var out = String.UnicodeScalarView()
            while position < scalars.count {
                let c = scalars[position]
                if c == terminator { return String(out) }
                guard c == "$", position + 1 < scalars.count else {
                    out.append(c)
                    position += 1
                    continue
                }
                let next = scalars[position + 1]
                if next == "$" {
                    out.append("$")
                    position += 2
                } else if next == "{" {
                    out.append(contentsOf: expression().unicodeScalars)
                } else {
                    out.append(c)
                    position += 1
                }
            }
            return String(out)
        }

        private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c.isASCII && c.properties.isAlphabetic)
        }

        private static func isName(_ c: Unicode.Scalar) -> Bool {
            isNameStart(c) || ("0"..."9").contains(c)
        }

        /// Reads `${…}` starting at its `$`, returning its value.
        private mutating func expression() -> String {
            let start = position
            depth += 1
            defer { depth -= 1 }
            guard depth <= 32 else {
                fail("'${…}' expressions nest more than 32 deep here", at: start)
                position = scalars.count
                return ""
            }
            position += 2
            var name = ""
            while position < scalars.count, Self.isName(scalars[position]) {
                name.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard position < scalars.count else {
                fail("'${' is not closed; add a '}' (write '$$' for a literal '$')", at: start)
                return ""
            }
            guard let first = name.unicodeScalars.first, Self.isNameStart(first) else {
                fail("'${' must be followed by a variable name such as ${HOME}; write '$$' for a literal '$'", at: start)
                skipToClose()
                return ""
            }
            let value = lookup(name)
            var op = String(scalars[position])
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
                guard position < scalars.count else {
                    fail("'${' is not closed; add a '}'", at: start)
                    return ""
                }
                op += String(scalars[position])
            }
            guard ["-", ":-", "?", ":?", "+", ":+"].contains(op) else {
                fail(
                    "unexpected '\(op)' in '${\(name)…}'; use ${\(name)}, ${\(name):-default} or ${\(name):?message}",
                    at: start)
                skipToClose()
                return ""
            }
            position += 1
            let word = expand(until: "}")
            guard position < scalars.count else {
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

        private mutating func skipToClose() {
            while position < scalars.count, scalars[position] != "}" { position += 1 }
            position = min(position + 1, scalars.count)
        }

        private mutating func fail(_ message: String, at offset: Int) {
            problems.append(Problem(severity: .error, message: message, offset: offset))
        }
    }
}
