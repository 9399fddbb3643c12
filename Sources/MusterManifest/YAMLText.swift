/// Writing YAML scalars that muster's loader (libyaml, with YAML 1.1 types) reads back as the
/// same strings: plain when nothing could change their meaning, double-quoted with escapes
/// otherwise, and literal blocks for readable multi-line text. For `muster config` and
/// `muster import`, which write manifests by hand.
package enum YAMLText {
    /// `text` as a scalar that reads back as the string `text`, on one line.
    package static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    /// `scalar(text)`, appended to `out`.
    package static func appendScalar(_ text: String, to out: inout [UInt8]) {
        if isPlainSafe(text) { out.append(contentsOf: text.utf8) } else { appendQuoted(text, to: &out) }
    }

    /// `text` as a mapping key (process and variable names are usually plain).
    package static func key(_ text: String) -> String {
        scalar(text)
    }

    /// `text` for a block context at `indent` spaces: a literal block (`|`, `|-`, `|+`) when it
    /// spans lines and a block can hold it exactly, else as `scalar(_:)`. The result starts
    /// right after `key: ` and, for a block, holds its own newlines and indentation.
    package static func blockScalar(_ text: String, indent: Int) -> String {
        var out: [UInt8] = []
        appendBlockScalar(text, indent: indent, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `blockScalar(text, indent:)`, appended to `out`.
    package static func appendBlockScalar(_ text: String, indent: Int, to out: inout [UInt8]) {
        guard text.utf8.contains(UInt8(ascii: "\n")), canBeLiteral(text) else {
            appendScalar(text, to: &out)
            return
        }
        var bytes = Array(text.utf8)
        var trailing = 0
        while bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            trailing += 1
        }
        out.append(UInt8(ascii: "|"))
        if trailing != 1 { out.append(trailing == 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")) }
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            out.append(UInt8(ascii: "\n"))
            if index > start {
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
                out.append(contentsOf: bytes[start..<index])
            }
            start = index + 1
        }
        // Kept trailing newlines beyond the first are empty lines of the block.
        out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: max(0, trailing - 1)))
    }

    /// Whether `text` can be written plain, in block and flow context alike: ASCII without `:`,
    /// `#`, `,`, brackets or braces, starting with a letter, a digit, `/`, `_` or `.`, not ending
    /// in a space, and of YAML 1.1 type string (not `yes`, `1.5`, `null`, `0x10`, a date, …).
    package static func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, last != UInt8(ascii: " "),
            plainStart[Int(first)]
        else { return false }
        var previous: UInt8 = 0
        var hyphen = false
        for byte in bytes {
            guard plainByte[Int(byte)] else { return false }
            if byte == UInt8(ascii: " ") && previous == byte { return false }
            if byte == UInt8(ascii: "-") { hyphen = true }
            previous = byte
        }
        let isDigit = first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
        // Dates and times, which other YAML readers take for timestamps.
        if isDigit && hyphen { return false }
        if first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z") {
            // Only a few words are not strings: booleans and nulls (and `y`, `n` for some readers).
            return bytes.count > 5 || !nonStringWords.contains(text)
        }
        return first == UInt8(ascii: "/") || first == UInt8(ascii: "_")
            || ScalarType(text, style: .plain, tag: nil) == .string
    }

    /// The bytes a plain scalar may start with: ASCII letters, digits, `/`, `_` and `.`.
    private static let plainStart: [Bool] = (0..<256).map { code in
        code < 128 && "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_.".utf8.contains(UInt8(code))
    }

    /// The bytes a plain scalar may hold: letters, digits and harmless punctuation, all ASCII.
    private static let plainByte: [Bool] = (0..<256).map { code in
        code < 128
            && "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+@%= $'\"()<>;&|*!~^?\\".utf8
                .contains(UInt8(code))
    }

    /// Words YAML 1.1 (or some readers) take for something other than a string.
    private static let nonStringWords: Set<String> = [
        "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
    ]

    /// `text` in double quotes, with `\`, `"` and every character that is not printable, or that
    /// YAML reads as a line break, escaped.
    package static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `quoted(text)`, appended to `out`.
    package static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        appendEscaped(text, to: &out, yamlLineBreaks: true)
    }

    /// `text` as a JSON string: `"`, `\`, control characters and YAML's line breaks escaped (so
    /// the JSON also reads back through a YAML parser).
    package static func json(_ text: String) -> String {
        var out: [UInt8] = []
        appendJSON(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `json(text)`, appended to `out`.
    package static func appendJSON(_ text: String, to out: inout [UInt8]) {
        appendEscaped(text, to: &out, yamlLineBreaks: false)
    }

    /// `text` in double quotes with `\`, `"`, `\n`, `\t`, `\r` escaped, and every other character
    /// that is not printable as `\uXXXX`. YAML's own line breaks (U+0085, U+2028, U+2029) are
    /// `\N`, `\L`, `\P` with `yamlLineBreaks` (YAML's escapes), else `\uXXXX` (JSON has no others).
    private static func appendEscaped(_ text: String, to out: inout [UInt8], yamlLineBreaks: Bool) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\u{85}" where yamlLineBreaks: out.append(contentsOf: "\\N".utf8)
            case "\u{2028}" where yamlLineBreaks: out.append(contentsOf: "\\L".utf8)
            case "\u{2029}" where yamlLineBreaks: out.append(contentsOf: "\\P".utf8)
            default:
                if scalar.value >= 0x20 && scalar.value < 0x7F {
                    out.append(UInt8(scalar.value))
                } else if isPrintable(scalar) && scalar != "\u{85}" && scalar != "\u{2028}" && scalar != "\u{2029}" {
                    out.append(contentsOf: String(scalar).utf8)
                } else {
                    out.append(contentsOf: ("\\u" + hex(scalar.value, width: 4)).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` with every `$` doubled, so that `${…}` interpolation gives `text` back.
    package static func escapingInterpolation(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "$") { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
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
