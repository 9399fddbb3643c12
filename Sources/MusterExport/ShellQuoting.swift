/// Words for a POSIX shell command line, as Procfile runners (foreman, honcho) hand a line to `sh`.
enum ShellQuoting {
    /// `word` bare when it holds only characters no shell treats specially, else in single quotes
    /// (a `'` inside as `'\''`).
    static func word(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_./:=,+@%-".unicodeScalars.contains($0)
        }
        if plain && !word.contains("=") { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// `NAME=VALUE` as an assignment before a command.
    static func assignment(_ name: String, _ value: String) -> String {
        name + "=" + word(value)
    }

    /// A shell script as one line: `sh -c 'SCRIPT'`, or for a script of several lines (a Procfile
    /// line has one) `sh -c "$(printf '%b' 'LINE\nLINE')"`, backslashes doubled for `%b`.
    static func script(_ script: String) -> String {
        guard script.contains("\n") || script.contains("\r") else { return "sh -c " + word(script) }
        let escaped = script.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n").replacingAll("\r", with: "\\r")
        return "sh -c \"$(printf '%b' " + word(escaped) + ")\""
    }
}
