/// Options given before the command, as in `docker compose -f x.yaml up`: `muster -f x.yaml up`.
///
/// ArgumentParser reads a root command's options anywhere on the line, so the root cannot own
/// `-f` (it would take `logs -f`, which means follow). Instead `hoist(_:)` moves the leading
/// `-f PATH`, `-fPATH`, `--file PATH` and `--file=PATH` after the command as `--file PATH`, in
/// order, before ArgumentParser sees the line. Every command takes `--file`.
package enum GlobalOptions {
    /// The line rearranged, or why it cannot be.
    package enum Hoisted: Equatable, Sendable {
        /// The arguments to parse.
        case arguments([String])
        /// A usage error: the message, to print after `muster: error: ` (exit 2).
        case usageError(String)
    }

    /// Moves the leading `-f`/`--file` options after the command that follows them.
    ///
    /// - `muster -f a.yaml -f b.yaml up web` becomes `up --file a.yaml --file b.yaml web`;
    /// - with no command after them (nothing, or an option such as `--help`), they are dropped:
    ///   `muster -f a.yaml --help` is `muster --help`;
    /// - `help` reads no manifest and takes no `--file`, so they are dropped there too;
    /// - a line that does not start with them is returned unchanged;
    /// - `-f` or `--file` last, without its path, is a usage error.
    package static func hoist(_ arguments: [String]) -> Hoisted {
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "-f" || word == "--file" {
                guard index + 1 < arguments.count else {
                    return .usageError("\(word) needs the manifest's path, e.g. muster \(word) muster.yaml up")
                }
                files.append(arguments[index + 1])
                index += 2
            } else if let value = inlineValue(word) {
                files.append(value)
                index += 1
            } else {
                break
            }
        }
        if files.isEmpty { return .arguments(arguments) }
        let rest = Array(arguments[index...])
        guard let command = rest.first, !command.hasPrefix("-"), command != "help" else { return .arguments(rest) }
        return .arguments([command] + files.flatMap { ["--file", $0] } + rest.dropFirst())
    }

    /// The path in `--file=PATH` or `-fPATH`; nil for any other word.
    private static func inlineValue(_ word: String) -> String? {
        if word.hasPrefix("--file=") { return String(word.dropFirst("--file=".count)) }
        if word.hasPrefix("-f"), word.count > 2, !word.hasPrefix("--") { return String(word.dropFirst(2)) }
        return nil
    }
}
