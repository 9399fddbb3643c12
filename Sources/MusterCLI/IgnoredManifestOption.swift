internal import ArgumentParser

/// `-f`/`--file`, accepted and ignored by the commands that read no manifest (`schema`,
/// `completions`), so that `muster -f x.yaml schema` works as every other command does, and an
/// alias such as `alias m='muster -f dev.yaml'` works for all of them. Hidden from help.
struct IgnoredManifestOption: ParsableArguments {
    @Option(
        name: [.short, .customLong("file")],
        help: ArgumentHelp("Ignored: this command reads no manifest.", valueName: "path", visibility: .hidden))
    var files: [String] = []

    init() {}
}
