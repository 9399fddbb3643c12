/// Writing values in systemd unit files so that systemd reads back exactly what muster means.
enum SystemdSyntax {
    /// A word of an `Exec…=` line: bare when it holds only characters nothing in systemd treats
    /// specially, else double-quoted with C escapes; `$` doubled (systemd expands `$VAR` on
    /// command lines) and `%` doubled (specifiers).
    static func execWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_./:=,+@-".unicodeScalars.contains($0)
        }
        let text = word.replacingAll("%", with: "%%").replacingAll("$", with: "$$")
        return plain ? text : quoted(text)
    }

    /// A command line: the program (which must not start with one of systemd's prefix characters
    /// `@-:+!`, or it would be read as one) and its arguments.
    static func execLine(_ argv: [String]) -> String {
        argv.map(execWord).joined(separator: " ")
    }

    /// `Environment="NAME=VALUE"`'s value: quoted, C escapes, `%` doubled (systemd expands
    /// specifiers there, not variables).
    static func assignment(_ name: String, _ value: String) -> String {
        quoted("\(name)=\(value)".replacingAll("%", with: "%%"))
    }

    /// A value systemd takes as the rest of the line (`Description=`, `WorkingDirectory=`):
    /// specifiers escaped, line breaks as spaces.
    static func raw(_ text: String) -> String {
        String(text.replacingAll("%", with: "%%").map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// `text` in double quotes, with the C escapes systemd's unquoting knows.
    static func quoted(_ text: String) -> String {
        CEscapedString.quoted(text) { scalar, result in
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += CEscapedString.hexByte(scalar.value, uppercase: false)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
}

extension String {
    /// The string with every `target` replaced by `replacement`.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
