package import ArgumentParser
internal import MusterExec
internal import MusterManifest

/// `muster`: the root command.
package struct MusterCommand: AsyncParsableCommand {
    /// The command tree and its help.
    package static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Run the processes a YAML manifest declares, in dependency order, and report on each.",
        usage: "muster [-f <path>] <subcommand>",
        discussion: """
            A manifest (muster.yaml) declares processes: their commands, daemon flags and dependencies. muster checks it, plans the dependency graph and runs it. See README.md for the format.

            -f PATH (or --file PATH) before the command names the manifest, as in docker compose: muster -f dev.yaml up. After the command, give --file PATH, or -f PATH except in logs, where -f means --follow.

            muster completions bash|zsh|fish prints a shell completion script; muster help --man prints the manual page.

            \(ExitStatus.helpText)
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, UpCommand.self, Check.self, PlanCommand.self, ConfigCommand.self, PsCommand.self,
            StopCommand.self, StartCommand.self, RestartCommand.self, DownCommand.self, LogsCommand.self,
            ImportCommand.self, ExportCommand.self, ProbeCommand.self, Schema.self, CompletionsCommand.self,
            LsCommand.self, AttachCommand.self, ReloadCommand.self, ScaleCommand.self, TuiCommand.self, ReportCommand.self,
            CacheCommand.self,
        ]
    )

    /// Creates the command (ArgumentParser needs it).
    package init() {}

    /// Prepares muster's process before anything else runs: closed standard streams are opened on
    /// /dev/null, and SIGINT and SIGTERM are caught and read on a thread of their own (see
    /// `SignalListener`). Call first thing in `main`.
    package static func prepareProcess() {
        ResourceLimits.openStandardStreams()
        SignalListener.installHandlers()
    }

    /// Parses `arguments` and runs the chosen command; returns the exit status.
    ///
    /// Before ArgumentParser sees the line, `-f PATH` before the command is moved after it
    /// (`GlobalOptions`), and `help --man` prints the manual page (`ManualPage`). Usage errors
    /// exit 2, as SPEC §3 says, instead of ArgumentParser's 64.
    package static func run(arguments given: [String]) async -> Int32 {
        let arguments: [String]
        switch GlobalOptions.hoist(given) {
        case .arguments(let hoisted): arguments = hoisted
        case .usageError(let message):
            Terminal.standardError.write("muster: error: \(message)\n")
            return 2
        }
        if arguments == ["help", "--man"] { return printManualPage() }
        if let unknown = unknownCommand(in: arguments) {
            Terminal.standardError.write("muster: error: \(unknown)\n")
            return 2
        }
        do {
            let (command, run) = try parse(arguments)
            try await run(command)
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let usage as UsageError {
            Terminal.standardError.write("muster: error: \(usage.message)\n")
            return 2
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                return 0
            }
            Terminal.standardError.write(message + "\n")
            return code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue
        }
    }

    /// The command `arguments` ask for.
    ///
    /// A line that starts with a command's name is parsed with that command as the root, which
    /// takes half the instructions of parsing it against the whole tree: ArgumentParser reflects
    /// on the one command only, and skips parsing the line twice more to look for its built-in
    /// `--generate-completion-script`, because every command's configuration names `muster` as
    /// its `_superCommandName` (which only a root's help would show). Only a clean parse to that
    /// command is kept: help, `--version`, that flag and every error are parsed against the
    /// whole tree, so that what ArgumentParser prints for them does not change.
    /// Returns the command with how to run it.
    package static func parse(
        _ arguments: [String]
    ) throws -> (command: any ParsableCommand, run: @Sendable (any ParsableCommand) async throws -> Void) {
        if let first = arguments.first,
            let kind = command(named: first),
            !arguments.contains(where: { $0.hasPrefix("--generate-completion-script") }),
            let parsed = try? kind.type.parseAsRoot(Array(arguments.dropFirst())),
            type(of: parsed) == kind.type
        {
            return (parsed, kind.run)
        }
        return (try parseAsRoot(arguments), CommandKind.run)
    }

    /// The command called `name`, found without touching the others: going through
    /// `configuration.subcommands` costs every command's witness tables and configuration, a few
    /// percent of a start. (A test keeps the two in step.)
    package static func command(named name: String) -> CommandKind? {
        switch name {
        case "run": CommandKind(RunCommand.self)
        case "up": CommandKind(UpCommand.self)
        case "check": CommandKind(Check.self)
        case "plan": CommandKind(PlanCommand.self)
        case "config": CommandKind(ConfigCommand.self)
        case "ps": CommandKind(PsCommand.self)
        case "stop": CommandKind(StopCommand.self)
        case "start": CommandKind(StartCommand.self)
        case "restart": CommandKind(RestartCommand.self)
        case "down": CommandKind(DownCommand.self)
        case "logs": CommandKind(LogsCommand.self)
        case "import": CommandKind(ImportCommand.self)
        case "export": CommandKind(ExportCommand.self)
        case "probe": CommandKind(ProbeCommand.self)
        case "schema": CommandKind(Schema.self)
        case "completions": CommandKind(CompletionsCommand.self)
        case "ls": CommandKind(LsCommand.self)
        case "attach": CommandKind(AttachCommand.self)
        case "reload": CommandKind(ReloadCommand.self)
        case "scale": CommandKind(ScaleCommand.self)
        case "tui": CommandKind(TuiCommand.self)
        case "report": CommandKind(ReportCommand.self)
        case "cache": CommandKind(CacheCommand.self)
        default: nil
        }
    }

    /// "unknown command 'chekc'; did you mean 'check'?" when the line starts with a word that
    /// names no command; nil otherwise.
    static func unknownCommand(in arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        guard command(named: first) == nil, first != "help" else { return nil }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        let hint = Suggestions.closest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? "; see muster --help"
        return "unknown command '\(first)'\(hint)"
    }

    /// Prints the manual page; 0, or 1 when ArgumentParser's ToolInfo cannot be read.
    private static func printManualPage() -> Int32 {
        do {
            Terminal.standardOutput.write(try ManualPage.muster())
            return 0
        } catch {
            Terminal.standardError.write("muster: error: cannot make the manual page: \(error)\n")
            return 1
        }
    }
}
