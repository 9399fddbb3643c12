/// Writing YAML scalars that muster's loader (libyaml, with YAML 1.1 types) reads back as the
/// same strings: plain when nothing could change their meaning, double-quoted with escapes
/// otherwise, and literal blocks for readable multi-line text. For `muster config` and
/// `muster import`, which write manifests by hand.
package enum YAMLText {
    /// `text` as a scalar that reads back as the string `text`, on one line.
    package static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    /// `text` as a mapping key (process and variable names are usually plain).
    package static func key(_ text: String) -> String {
        scalar(text)
    }

    /// `text` for a block context at `indent` spaces: a literal block (`|`, `|-`, `|+`) when it
    /// spans lines and a block can hold it exactly, else as `scalar(_:)`. The result starts
    /// right after `key: ` and, for a block, holds its own newlines and indentation.
    package static func blockScalar(_ text: String, indent: Int) -> String {
        guard text.contains("\n"), canBeLiteral(text) else { return scalar(text) }
        var body = Substring(text)
        var trailing = 0
        while body.hasSuffix("\n") {
            body = body.dropLast()
            trailing += 1
        }
        let chomping = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
        let pad = String(repeating: " ", count: indent)
        var out = "|" + chomping
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line.isEmpty ? "\n" : "\n" + pad + line
        }
        // Kept trailing newlines beyond the first are empty lines of the block.
        out += String(repeating: "\n", count: max(0, trailing - 1))
        return out
    }

    /// Whether `text` can be written plain, in block and flow context alike: ASCII without `:`,
    /// `#`, `,`, brackets or braces, starting with a letter, a digit, `/`, `_` or `.`, not ending
    /// in a space, and of YAML 1.1 type string (not `yes`, `1.5`, `null`, `0x10`, a date, …).
    package static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, last != " " else {
            return false
        }
        let isLetter: (Unicode.Scalar) -> Bool = { $0.isASCII && $0.properties.isAlphabetic }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        guard isLetter(first) || isDigit(first) || first == "/" || first == "_" || first == "." else { return false }
        let allowed: (Unicode.Scalar) -> Bool = {
            isLetter($0) || isDigit($0) || "_./-+@%= $'\"()<>;&|*!~^?\\".unicodeScalars.contains($0)
        }
        guard text.unicodeScalars.allSatisfy(allowed), !text.contains("  ") else { return false }
        // Dates and times, which other YAML readers take for timestamps.
        if isDigit(first) && text.contains("-") { return false }
        if ["y", "Y", "n", "N", "<<"].contains(text) { return false }
        return ScalarType(text, style: .plain, tag: nil) == .string
    }

    /// `text` in double quotes, with `\`, `"` and every character that is not printable, or that
    /// YAML reads as a line break, escaped.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        return out + "\""
    }

    /// `text` as a JSON string: `"`, `\`, control characters and YAML's line breaks escaped (so
    /// the JSON also reads back through a YAML parser).
    package static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{85}" || scalar == "\u{2028}"
                    || scalar == "\u{2029}" || scalar == "\u{FEFF}" || !isPrintable(scalar)
                {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `text` with every `$` doubled, so that `${…}` interpolation gives `text` back.
    package static func escapingInterpolation(_ text: String) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        for character in text { out += character == "$" ? "$$" : String(character) }
        return out
    }

    /// `text` with `$` doubled only where muster would read it (`$$`, `${`), so that a bare `$VAR`
    /// stays readable and still reaches the shell unchanged.
    package static func escapingInterpolationMarks(_ text: String) -> String {
        guard text.contains("$") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            out.append(scalar)
            if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "$" || scalars[index + 1] == "{" {
                out.append("$")
            }
        }
        return String(out)
    }

    /// Whether a literal block can hold `text` exactly: printable, no carriage returns or other
    /// line breaks, a first line that is neither empty nor indented, no BOM.
    private static func canBeLiteral(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != " ", first != "\t", first != "\n" else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar == "\n" || scalar == "\t"
                || (isPrintable(scalar) && scalar != "\u{85}" && scalar != "\u{2028}" && scalar != "\u{2029}"
                    && scalar != "\u{FEFF}")
        }
    }

    /// YAML's printable characters other than tab and line feed.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return scalar.value != 0xFEFF
        default: return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
