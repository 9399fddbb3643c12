/// Options given before the command, as in `docker compose -f x.yaml up`: `muster -f x.yaml up`.
///
/// ArgumentParser reads a root command's options anywhere on the line, so the root cannot own
/// `-f` (it would take `logs -f`, which means follow). Instead `hoist(_:)` moves the leading
/// `-f PATH`, `-fPATH`, `--file PATH` and `--file=PATH` after the command as `--file PATH`, in
/// order, before ArgumentParser sees the line. Every command takes `--file`. `-p NAME`
/// (`--project`) goes the same way, for the commands that address a running run.
package enum GlobalOptions {
    /// The line rearranged, or why it cannot be.
    package enum Hoisted: Equatable, Sendable {
        /// The arguments to parse.
        case arguments([String])
        /// A usage error: the message, to print after `muster: error: ` (exit 2).
        case usageError(String)
    }

    /// Moves the leading `-f`/`--file` and `-p`/`--project` options after the command that follows them.
    ///
    /// - `muster -f a.yaml -f b.yaml up web` becomes `up --file a.yaml --file b.yaml web`;
    /// - with no command after them (nothing, or an option such as `--help`), they are dropped:
    ///   `muster -f a.yaml --help` is `muster --help`;
    /// - `help` reads no manifest and takes no `--file`, so they are dropped there too;
    /// - a line that does not start with them is returned unchanged;
    /// - `-f` or `--file` last, without its path, is a usage error.
    package static func hoist(_ arguments: [String]) -> Hoisted {
        var moved: [String] = []
        var index = 0
        scan: while index < arguments.count {
            let word = arguments[index]
            for option in options {
                if word == option.short || word == option.long {
                    guard index + 1 < arguments.count else {
                        return .usageError("\(word) needs \(option.what), e.g. muster \(word) \(option.example)")
                    }
                    moved += [option.long, arguments[index + 1]]
                    index += 2
                    continue scan
                }
                if let value = option.inlineValue(word) {
                    moved += [option.long, value]
                    index += 1
                    continue scan
                }
            }
            break
        }
        if moved.isEmpty { return .arguments(arguments) }
        let rest = Array(arguments[index...])
        guard let command = rest.first, !command.hasPrefix("-"), command != "help" else { return .arguments(rest) }
        return .arguments([command] + moved + rest.dropFirst())
    }

    /// An option that may stand before the command.
    private struct Option {
        let short: String
        let long: String
        let what: String
        let example: String

        /// The value in `--long=VALUE` or `-sVALUE`; nil for any other word.
        func inlineValue(_ word: String) -> String? {
            if word.hasPrefix(long + "=") { return String(word.dropFirst(long.count + 1)) }
            if word.hasPrefix(short), word.count > 2, !word.hasPrefix("--") { return String(word.dropFirst(2)) }
            return nil
        }
    }

    /// `-f PATH` (the manifest) and `-p NAME` (a running run's project).
    private static let options = [
        Option(short: "-f", long: "--file", what: "the manifest's path", example: "muster.yaml up"),
        Option(short: "-p", long: "--project", what: "a project name", example: "shop ps"),
    ]
}
