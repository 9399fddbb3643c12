internal import ArgumentParser

/// `muster help --man`: the manual page in man(7), made at run time from the command tree
/// (ArgumentParser's ToolInfo), so it always lists the commands, options and texts `--help` shows.
///
/// Layout: NAME, SYNOPSIS, DESCRIPTION (the root's discussion), OPTIONS (the global ones),
/// COMMANDS (each command's synopsis, abstract, discussion, arguments and options; nested
/// commands after their parent), EXIT STATUS. Rendering is pure; `muster()` adds the tree.
enum ManualPage {
    /// The page for muster, from `GlobalCommandTree` (the commands plus the global `-f`).
    ///
    /// - Throws: when ArgumentParser's ToolInfo cannot be decoded (a newer format).
    static func muster() throws -> String {
        var root = try ToolInfo.decode(GlobalCommandTree._dumpHelp()).command
        // The root's help ends with the exit statuses, which the page has a section for.
        root.discussion = root.discussion?.replacing("\n\n" + ExitStatus.helpText, with: "")
        return render(root, version: MusterCommand.configuration.version, exitStatuses: ExitStatus.all)
    }

    /// The page for the tool whose root is `root`.
    static func render(
        _ root: CommandInfo, version: String, exitStatuses: [(status: Int32, meaning: String)]
    ) -> String {
        let name = root.commandName
        var lines = [
            ".TH \(name.uppercased()) 1 \"\" \"\(name) \(version)\" \"User Commands\"",
            ".SH NAME",
            "\(Roff.escape(name)) \\- \(Roff.escape(root.abstract ?? name))",
            ".SH SYNOPSIS",
            synopsis(root, path: [name]),
        ]
        if let discussion = root.discussion {
            lines += [".SH DESCRIPTION"] + Roff.paragraphs(discussion)
        }
        let options = displayed(root.arguments, root: true)
        if !options.isEmpty {
            lines += [".SH OPTIONS"] + options.flatMap(item)
        }
        let commands = displayed(root.subcommands)
        if !commands.isEmpty {
            lines += [".SH COMMANDS"] + commands.flatMap { section($0, path: [name]) }
        }
        lines += [".SH EXIT STATUS"]
        for (status, meaning) in exitStatuses {
            lines += [".TP", ".B \(status)", Roff.escape(meaning)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A command's subsection, then its subcommands'.
    private static func section(_ command: CommandInfo, path: [String]) -> [String] {
        let path = path + [command.commandName]
        var lines = [".SS \"\(path.dropFirst().joined(separator: " "))\"", synopsis(command, path: path)]
        if let abstract = command.abstract { lines += [".PP", Roff.escape(abstract)] }
        if let discussion = command.discussion { lines += [".PP"] + Roff.paragraphs(discussion) }
        lines += displayed(command.arguments, root: false).flatMap(item)
        return lines + displayed(command.subcommands).flatMap { section($0, path: path) }
    }

    /// `muster run [-f path] [--fail-fast] [names ...]`: the command, then every argument.
    private static func synopsis(_ command: CommandInfo, path: [String]) -> String {
        var words = path.map(Roff.bold)
        for argument in displayed(command.arguments, root: false) {
            var word: String
            switch argument.kind {
            case .positional: word = Roff.italic(argument.valueName ?? "value")
            case .flag: word = Roff.bold(argument.spelledNames.first ?? "")
            case .option:
                word = Roff.bold(argument.spelledNames.first ?? "") + " " + Roff.italic(argument.valueName ?? "value")
            }
            if argument.isRepeating && argument.kind == .positional { word += " ..." }
            words.append(argument.isOptional ? "[\(word)]" : word)
        }
        if !displayed(command.subcommands).isEmpty { words.append(Roff.italic("command") + " ...") }
        return words.joined(separator: " ")
    }

    /// One argument as a tagged paragraph: its names and value, then its help.
    private static func item(_ argument: ArgumentInfo) -> [String] {
        let value = Roff.italic(argument.valueName ?? "value")
        let tag: String
        switch argument.kind {
        case .positional: tag = value + (argument.isRepeating ? " ..." : "")
        case .flag: tag = argument.spelledNames.map(Roff.bold).joined(separator: ", ")
        case .option: tag = argument.spelledNames.map(Roff.bold).joined(separator: ", ") + " " + value
        }
        var notes: [String] = []
        if let values = argument.allValues { notes.append("values: " + values.joined(separator: ", ")) }
        if let value = argument.defaultValue, argument.kind != .flag { notes.append("default: " + value) }
        var text = argument.abstract ?? ""
        if !notes.isEmpty { text += (text.isEmpty ? "" : " ") + "(" + notes.joined(separator: "; ") + ")" }
        var lines = [".TP", tag]
        if !text.isEmpty { lines.append(Roff.escape(text)) }
        if let discussion = argument.discussion {
            lines += [".IP"] + Roff.paragraphs(discussion).map { $0 == ".PP" ? ".IP" : $0 }
        }
        return lines
    }

    /// The commands to show: not hidden.
    private static func displayed(_ commands: [CommandInfo]?) -> [CommandInfo] {
        (commands ?? []).filter { $0.shouldDisplay ?? true }
    }

    /// The arguments to show: not hidden, and `--help`/`--version` only for the root (every
    /// command takes them).
    private static func displayed(_ arguments: [ArgumentInfo]?, root: Bool) -> [ArgumentInfo] {
        (arguments ?? []).filter { argument in
            let builtIn =
                argument.kind == .flag && argument.spelledNames.contains { $0 == "--help" || $0 == "--version" }
            return argument.shouldDisplay && (root || !builtIn)
        }
    }
}
