/// How a string is written in YAML so that every reader, YAML 1.1 (PyYAML, docker-compose) or 1.2
/// (libyaml, Go), reads back exactly that string.
///
/// - plain when it cannot be mistaken for anything else: a letter, `_` or `/` first (or a dash
///   before a letter: `-c`, `--bind`), then letters, digits and `_ . / - = @ +`, a colon only
///   inside, and not one of the words YAML 1.1 reads as a boolean or null (`yes`, `off`, `n`, `~`);
/// - a literal block (`|`, `|-`, `|+`) for text of several lines that holds only printable
///   characters and tabs, with no line of spaces only and no space or tab at the start of its
///   first line (which a block could not tell from indentation);
/// - double-quoted otherwise, with escapes for quotes, backslashes and every control character.
enum YAMLScalar {
    /// A written form.
    enum Form: Equatable {
        /// On the key's line.
        case inline(String)
        /// A block: its header (`|-`) and its lines, unindented.
        case literal(header: String, lines: [String])
    }

    /// Words YAML 1.1 reads as booleans or null, compared without case.
    private static let reservedWords: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]

    /// How `text` is written as a value.
    static func form(of text: String) -> Form {
        if isPlain(text) { return .inline(text) }
        if let block = literal(text) { return block }
        return .inline(doubleQuoted(text))
    }

    /// How `text` is written as a mapping key: plain, or double-quoted.
    static func key(_ text: String) -> String {
        isPlain(text) ? text : doubleQuoted(text)
    }

    /// Whether `text` reads back as itself, a string, when written bare.
    static func isPlain(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, !reservedWords.contains(text.lowercased()) else { return false }
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        let isInner: (Unicode.Scalar) -> Bool = {
            isLetter($0) || ("0"..."9").contains($0) || "_./-=@+:".unicodeScalars.contains($0)
        }
        if first == "-" {
            // `-c`, `--bind`; not `-1`, `-.5` or `---`.
            guard let letter = scalars.dropFirst().first(where: { $0 != "-" }), isLetter(letter),
                scalars.prefix(while: { $0 == "-" }).count <= 2
            else { return false }
        } else if !(isLetter(first) || first == "_" || first == "/") {
            return false
        }
        guard scalars.allSatisfy(isInner), scalars.last != ":" else { return false }
        return true
    }

    /// A literal block for text of several lines, when one can hold it exactly.
    private static func literal(_ text: String) -> Form? {
        guard text.contains("\n") else { return nil }
        let printable = text.unicodeScalars.allSatisfy { $0 == "\n" || $0 == "\t" || !needsEscape($0) }
        guard printable else { return nil }
        var body = Substring(text)
        var trailing = 0
        while body.last == "\n" {
            body.removeLast()
            trailing += 1
        }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, !first.isEmpty, first.first != " ", first.first != "\t",
            !lines.contains(where: { !$0.isEmpty && $0.allSatisfy { $0 == " " || $0 == "\t" } })
        else { return nil }
        switch trailing {
        case 0: return .literal(header: "|-", lines: lines)
        case 1: return .literal(header: "|", lines: lines)
        default: return .literal(header: "|+", lines: lines + Array(repeating: "", count: trailing - 1))
        }
    }

    /// Whether `scalar` cannot appear as itself inside quotes or a block.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
        case 0xD800...0xDFFF: return true
        default: return false
        }
    }

    /// `text` in double quotes, with YAML's escapes.
    static func doubleQuoted(_ text: String) -> String {
        CEscapedString.quoted(text) { scalar, result in
            if !needsEscape(scalar) {
                result.unicodeScalars.append(scalar)
            } else if scalar.value <= 0xFF {
                result += CEscapedString.hexByte(scalar.value, uppercase: true)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
    }
}
