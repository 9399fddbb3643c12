internal import MusterControl

/// The parts of ArgumentParser's ToolInfo (the JSON `_dumpHelp()` returns, serialization version
/// 0) that the manual page uses: the command tree with every command's texts and arguments.
struct ToolInfo {
    /// The format's version; 0 is the one this decodes.
    var serializationVersion: Int
    /// The root command.
    var command: CommandInfo

    /// Reads `json`.
    ///
    /// - Throws: `ToolInfo.Unreadable` when the JSON is not ToolInfo, `ToolInfo.UnsupportedVersion`
    ///   when its version is not 0.
    static func decode(_ json: String) throws -> ToolInfo {
        guard let value = JSONValue(parsing: Array(json.utf8)), let version = value["serializationVersion"]?.intValue else {
            throw Unreadable()
        }
        guard version == 0 else { throw UnsupportedVersion(version: version) }
        guard let command = value["command"].flatMap(CommandInfo.init(json:)) else { throw Unreadable() }
        return ToolInfo(serializationVersion: version, command: command)
    }

    /// A ToolInfo version this code does not know.
    struct UnsupportedVersion: Error {
        /// The version found.
        var version: Int
    }

    /// Text that is not ToolInfo JSON.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "ArgumentParser's ToolInfo is not JSON of the expected shape" }
    }
}

/// One command: its name, texts, arguments and subcommands.
struct CommandInfo {
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

    /// The command a ToolInfo JSON object holds, or nil without a name or with an unreadable part.
    init?(json: JSONValue) {
        guard let commandName = json["commandName"]?.stringValue else { return nil }
        self.commandName = commandName
        superCommands = json["superCommands"]?.stringsValue
        shouldDisplay = json["shouldDisplay"]?.boolValue
        abstract = json["abstract"]?.stringValue
        discussion = json["discussion"]?.stringValue
        if let subcommands = json["subcommands"]?.arrayValue {
            var commands: [CommandInfo] = []
            for subcommand in subcommands {
                guard let command = CommandInfo(json: subcommand) else { return nil }
                commands.append(command)
            }
            self.subcommands = commands
        }
        if let arguments = json["arguments"]?.arrayValue {
            var read: [ArgumentInfo] = []
            for argument in arguments {
                guard let info = ArgumentInfo(json: argument) else { return nil }
                read.append(info)
            }
            self.arguments = read
        }
    }
}

/// One option, flag or positional argument.
struct ArgumentInfo {
    /// What sort of argument.
    enum Kind: String {
        /// A bare value.
        case positional
        /// `--name VALUE`.
        case option
        /// `--name` alone.
        case flag
    }

    /// One name of an option or flag.
    struct Name {
        /// `long` (`--name`), `short` (`-n`) or `longWithSingleDash` (`-name`).
        var kind: String
        /// The name without dashes.
        var name: String

        /// The name as typed, dashes included.
        var spelled: String { kind == "long" ? "--" + name : "-" + name }

        /// The name a ToolInfo JSON object holds.
        init?(json: JSONValue) {
            guard let kind = json["kind"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
            self.kind = kind
            self.name = name
        }
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

    /// The argument a ToolInfo JSON object holds, or nil when a field it must have is missing.
    init?(json: JSONValue) {
        guard let kind = json["kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
            let shouldDisplay = json["shouldDisplay"]?.boolValue, let isOptional = json["isOptional"]?.boolValue,
            let isRepeating = json["isRepeating"]?.boolValue
        else { return nil }
        self.kind = kind
        self.shouldDisplay = shouldDisplay
        self.isOptional = isOptional
        self.isRepeating = isRepeating
        if let names = json["names"]?.arrayValue {
            var read: [Name] = []
            for name in names {
                guard let spelled = Name(json: name) else { return nil }
                read.append(spelled)
            }
            self.names = read
        }
        valueName = json["valueName"]?.stringValue
        defaultValue = json["defaultValue"]?.stringValue
        allValues = json["allValues"]?.stringsValue
        abstract = json["abstract"]?.stringValue
        discussion = json["discussion"]?.stringValue
    }
}
