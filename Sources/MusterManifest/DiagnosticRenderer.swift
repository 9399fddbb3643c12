/// Renders diagnostics as compilers do:
///
/// ```
/// muster.yaml:12:7: error: process 'api' depends on unknown process 'db'
///    12 |     depends_on: [db]
///       |                  ^
/// muster.yaml:3:3: note: did you mean 'pg'?
/// ```
package struct DiagnosticRenderer: Sendable {
    /// Whether to use ANSI colours (only on a TTY, never with `NO_COLOR`).
    package var colored: Bool
    /// File texts by the name diagnostics use.
    package var sources: [String: [UInt8]]

    /// Creates a renderer over the given source texts.
    package init(sources: [String: [UInt8]], colored: Bool) {
        self.sources = sources
        self.colored = colored
    }

    /// Lines longer than this many characters are shown as a window around the column.
    static let widestExcerpt = 120

    /// All diagnostics, each followed by its source line, caret and notes; then a count of the errors
    /// and warnings.
    package func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics { out += render(diagnostic) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var counts: [String] = []
        if errors > 0 { counts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { counts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        if !counts.isEmpty { out += counts.joined(separator: " and ") + " generated.\n" }
        return out
    }

    /// One diagnostic with its excerpt and notes.
    package func render(_ diagnostic: Diagnostic) -> String {
        let label: String
        switch diagnostic.severity {
        case .error: label = paint("error:", "1;31")
        case .warning: label = paint("warning:", "1;35")
        case .note: label = paint("note:", "1;36")
        }
        var out = paint("\(diagnostic.location):", "1") + " \(label) " + paint(diagnostic.message, "1") + "\n"
        out += excerpt(at: diagnostic.location)
        for note in diagnostic.notes {
            if let location = note.location {
                out += paint("\(location):", "1") + " " + paint("note:", "1;36") + " \(note.message)\n"
            } else {
                out += "    " + paint("note:", "1;36") + " \(note.message)\n"
            }
        }
        return out
    }

    /// The line at `location` and a caret under its column, or nothing when the line is unknown.
    private func excerpt(at location: SourceLocation) -> String {
        guard let text = sources[location.file], var line = Self.line(location.line, of: text) else { return "" }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        // A very long line is shown as a window around the column.
        var column = location.column
        let scalars = Array(line.unicodeScalars)
        if scalars.count > Self.widestExcerpt {
            let start = max(0, min(column - 1 - Self.widestExcerpt / 2, scalars.count - Self.widestExcerpt))
            let end = min(scalars.count, start + Self.widestExcerpt)
            var window = String(String.UnicodeScalarView(scalars[start..<end]))
            if start > 0 {
                window = "…" + window
                column = column - start + 1
            }
            if end < scalars.count { window += "…" }
            line = window
        }
        // Keep tabs so the caret lines up under the same glyphs.
        let lead = line.unicodeScalars.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        return " \(number) | \(line)\n \(gutter) | \(lead)" + paint("^", "1;32") + "\n"
    }

    /// Line `number` (1-based) of `text`, without its newline.
    static func line(_ number: Int, of text: [UInt8]) -> String? {
        var current = 1
        var start = 0
        for (index, byte) in text.enumerated() where byte == UInt8(ascii: "\n") {
            if current == number { break }
            current += 1
            start = index + 1
        }
        guard current == number, start <= text.count else { return nil }
        let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
        var line = String(decoding: text[start..<end], as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
