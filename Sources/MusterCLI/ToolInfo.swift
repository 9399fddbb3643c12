internal import FoundationEssentials

/// The parts of ArgumentParser's ToolInfo (the JSON `_dumpHelp()` returns, serialization version
/// 0) that the manual page uses: the command tree with every command's texts and arguments.
struct ToolInfo: Decodable {
    /// The format's version; 0 is the one this decodes.
    var serializationVersion: Int
    /// The root command.
    var command: CommandInfo

    /// Decodes `json`.
    ///
    /// - Throws: `DecodingError` when the JSON is not ToolInfo, `ToolInfo.UnsupportedVersion`
    ///   when its version is not 0.
    static func decode(_ json: String) throws -> ToolInfo {
        let info = try JSONDecoder().decode(ToolInfo.self, from: Data(json.utf8))
        guard info.serializationVersion == 0 else { throw UnsupportedVersion(version: info.serializationVersion) }
        return info
    }

    /// A ToolInfo version this code does not know.
    struct UnsupportedVersion: Error {
        /// The version found.
        var version: Int
    }
}

/// One command: its name, texts, arguments and subcommands.
struct CommandInfo: Decodable {
    /// The command's name (`run`; `muster` for the root).
    var commandName: String
    /// The commands above it, root first; nil for the root.
    var superCommands: [String]?
    /// False for a hidden command.
    var shouldDisplay: Bool?
    /// The one-line summary.
    var abstract: String?
    /// The longer text, paragraphs separated by blank lines.
    var discussion: String?
    /// Its subcommands, in order.
    var subcommands: [CommandInfo]?
    /// Its options, flags and positional arguments, in order.
    var arguments: [ArgumentInfo]?
}

/// One option, flag or positional argument.
struct ArgumentInfo: Decodable {
    /// What sort of argument.
    enum Kind: String, Decodable {
        /// A bare value.
        case positional
        /// `--name VALUE`.
        case option
        /// `--name` alone.
        case flag
    }

    /// One name of an option or flag.
    struct Name: Decodable {
        /// `long` (`--name`), `short` (`-n`) or `longWithSingleDash` (`-name`).
        var kind: String
        /// The name without dashes.
        var name: String

        /// The name as typed, dashes included.
        var spelled: String { kind == "long" ? "--" + name : "-" + name }
    }

    /// What sort of argument.
    var kind: Kind
    /// False for a hidden argument.
    var shouldDisplay: Bool
    /// Whether it may be left out.
    var isOptional: Bool
    /// Whether it may be given several times.
    var isRepeating: Bool
    /// Its names (none for a positional).
    var names: [Name]?
    /// The placeholder of its value (`path`, `names`).
    var valueName: String?
    /// Its default value, as text.
    var defaultValue: String?
    /// The values it accepts, when they are a fixed list.
    var allValues: [String]?
    /// The one-line help.
    var abstract: String?
    /// The longer help.
    var discussion: String?

    /// The names, short ones first, as typed.
    var spelledNames: [String] {
        let names = names ?? []
        return (names.filter { $0.kind == "short" } + names.filter { $0.kind != "short" }).map(\.spelled)
    }
}
