internal import ArgumentParser

/// `muster completions bash|zsh|fish`: print a shell completion script.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions", _superCommandName: "muster",
        abstract: "Print a shell completion script for bash, zsh or fish.",
        discussion: """
            Commands and options are completed, and entry names from the manifest in the current folder or the one the line names with -f or --file.

            bash: muster completions bash > /etc/bash_completion.d/muster (or source <(muster completions bash) in ~/.bashrc)
            zsh: muster completions zsh > ~/.zfunc/_muster, with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc
            fish: muster completions fish > ~/.config/fish/completions/muster.fish
            """)

    /// The shells ArgumentParser writes scripts for.
    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish

        /// ArgumentParser's name for it.
        var completionShell: CompletionShell {
            switch self {
            case .bash: .bash
            case .zsh: .zsh
            case .fish: .fish
            }
        }
    }

    @OptionGroup var ignored: IgnoredManifestOption

    @Argument(help: "The shell.")
    var shell: Shell

    func run() throws {
        var script = GlobalCommandTree.completionScript(for: shell.completionShell)
        if shell == .bash { script = Self.fixingGlobalFile(inBash: script) }
        Terminal.standardOutput.write(script.hasSuffix("\n") ? script : script + "\n")
    }

    /// ArgumentParser's bash script completes a path after the root's `-f` wherever it stands,
    /// also in `muster logs -f <TAB>`, where `-f` means follow and entry names are wanted. This
    /// limits it to before the command: the root's option-value case runs only when its scan of
    /// the line found no command (`positional_number` is -2 once it did). Unchanged (and the
    /// completion tests fail) if the script no longer has that case.
    static func fixingGlobalFile(inBash script: String) -> String {
        let root = "\n_muster() {\n"
        let valueCase = "    case \"${prev}\" in\n    '-f'|'--file')\n"
        guard let function = script.firstRange(of: root),
            let found = script[function.upperBound...].firstRange(of: valueCase)
        else { return script }
        var fixed = script
        fixed.replaceSubrange(found, with: "    [[ \"${positional_number}\" -eq -2 ]] || " + valueCase.dropFirst(4))
        return fixed
    }
}
