/// Reads dotenv files as docker compose and python-dotenv do.
///
/// `KEY=VALUE` lines; blank lines and `#` comments; an optional `export ` prefix; unquoted values
/// end at ` #`; `'single'` quotes are literal; `"double"` quotes know `\n`, `\t`, `\"`, `\\` and may
/// span lines. Unquoted and double-quoted values are interpolated (`${VAR}`) against the variables
/// known so far, including earlier lines of the same file.
package enum DotEnv {
    /// One variable read from the file.
    package struct Entry: Sendable, Hashable {
        /// The variable's name.
        package var key: String
        /// Its value, interpolated.
        package var value: String
        /// Where the key was written.
        package var location: SourceLocation
    }

    /// The entries of `text`, in order, and the problems found (each positioned in `file`).
    package static func parse(
        _ text: String, file: String, lookup: (String) -> String?
    ) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        var entries: [Entry] = []
        var diagnostics: [Diagnostic] = []
        var known: [String: String] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            var line = lines[index]
            index += 1
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            line = line.dropFirst(indent)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var column = indent + 1
            if line.hasPrefix("export ") {
                line = line.dropFirst(7)
                column += 7
            }
            let at = SourceLocation(file: file, line: lineNumber, column: column)
            guard let equals = line.firstIndex(of: "=") else {
                diagnostics.append(.error("expected KEY=VALUE, found '\(line)'", at: at))
                continue
            }
            let key = line[..<equals].trimmingWhitespace()
            guard isValidName(key) else {
                diagnostics.append(
                    .error(
                        "'\(key)' is not a valid variable name; use letters, digits and '_', not starting with a digit",
                        at: at))
                continue
            }
            var raw = line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            let valueColumn = column + line.distance(from: line.startIndex, to: raw.startIndex)
            let valueAt = SourceLocation(file: file, line: lineNumber, column: valueColumn)
            var value: String
            var interpolate = true
            if let quote = raw.first, quote == "'" || quote == "\"" {
                // A quoted value may go on over the following lines until its closing quote.
                var body = String(raw.dropFirst())
                var close = closingQuote(body[...], quote)
                while close == nil && index < lines.count {
                    // Only the added line can hold the closing quote (a line ends no escape).
                    let scanned = body.endIndex
                    body += "\n" + lines[index]
                    index += 1
                    close = closingQuote(body[scanned...], quote)
                }
                guard let close else {
                    diagnostics.append(.error("the \(quote) quote of '\(key)' is not closed", at: valueAt))
                    continue
                }
                let inner = String(body[..<close])
                value = quote == "'" ? inner : unescape(inner)
                interpolate = quote == "\""
            } else {
                if let comment = raw.indices.first(where: { raw[$0] == "#" && $0 > raw.startIndex && raw[raw.index(before: $0)] == " " }) {
                    raw = raw[..<comment]
                }
                value = raw.trimmingWhitespace()
            }
            if interpolate {
                let expanded = Interpolation.expand(value) { known[$0] ?? lookup($0) }
                value = expanded.value
                for problem in expanded.problems {
                    diagnostics.append(Diagnostic(problem.severity, problem.message, at: valueAt))
                }
            }
            known[key] = value
            entries.append(Entry(key: key, value: value, location: at))
        }
        return (entries, diagnostics)
    }

    /// Whether `name` can be an environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    package static func isValidName(_ name: some StringProtocol) -> Bool {
        let isLetter: (UInt8) -> Bool = { $0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "z") }
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy {
            $0 == UInt8(ascii: "_") || isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }
    }

    private static func closingQuote(_ body: Substring, _ quote: Character) -> String.Index? {
        var escaped = false
        for index in body.indices {
            let c = body[index]
            if escaped {
                escaped = false
            } else if c == "\\" && quote == "\"" {
                escaped = true
            } else if c == quote {
                return index
            }
        }
        return nil
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
