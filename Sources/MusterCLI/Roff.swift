/// Text made safe for roff (man(7)): escapes and fonts.
enum Roff {
    /// `text` as roff source for a text line: `\` as `\e`, every `-` as `\-` (a real minus, so
    /// that copied options work), anything beyond ASCII as `\[uXXXX]` (troff reads bytes as
    /// Latin-1), and a `\&` before a leading `.` or `'`, which would start a request.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\e"
            case "-": result += "\\-"
            case _ where !scalar.isASCII:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            default: result.unicodeScalars.append(scalar)
            }
        }
        if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
        return result
    }

    /// `text` in bold.
    static func bold(_ text: String) -> String { "\\fB" + escape(text) + "\\fR" }

    /// `text` in italics, for placeholders.
    static func italic(_ text: String) -> String { "\\fI" + escape(text) + "\\fR" }

    /// `text` as roff lines: paragraphs (split at blank lines) become `.PP`, single line breaks
    /// `.br`, and blank text never reaches the output.
    static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n\n", omittingEmptySubsequences: true) {
            let rows = paragraph.split(separator: "\n").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            guard !rows.isEmpty else { continue }
            if !lines.isEmpty { lines.append(".PP") }
            lines += rows.enumerated().flatMap { index, row in index == 0 ? [escape(row)] : [".br", escape(row)] }
        }
        return lines
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
