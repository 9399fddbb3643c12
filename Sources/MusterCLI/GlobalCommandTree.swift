internal import ArgumentParser

/// muster's commands as a user types them: `MusterCommand`'s tree plus the global `-f`/`--file`
/// that `GlobalOptions` moves after the command before parsing.
///
/// Never parsed or run. ArgumentParser makes the completion scripts and the manual's ToolInfo
/// from it, so that shells skip `-f x.yaml` before the command and the manual shows it. (The
/// real root cannot declare `-f`: ArgumentParser would take it anywhere on the line, also in
/// `logs -f`, where it means follow.) The scripts call `muster ---completion run …` back, which
/// `MusterCommand` answers: the subcommands are the same types.
struct GlobalCommandTree: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: MusterCommand.configuration.commandName,
        abstract: MusterCommand.configuration.abstract,
        usage: MusterCommand.configuration.usage,
        discussion: MusterCommand.configuration.discussion,
        version: MusterCommand.configuration.version,
        subcommands: MusterCommand.configuration.subcommands
    )

    /// The manifests, before the command; see `GlobalOptions`.
    @Option(
        name: [.short, .customLong("file")],
        help: ArgumentHelp(
            "A manifest, for the command that follows (the same as its --file); repeat to merge several.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    init() {}
}
