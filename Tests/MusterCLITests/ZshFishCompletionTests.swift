import MusterTestSupport
import Testing

/// `muster completions zsh` and `fish`: generated, calling muster back for entry names, and
/// valid syntax when the shell is installed (`zsh -n`, `fish -n`). The text is checked either
/// way, so a machine without those shells still tests something.
struct ZshFishCompletionTests {
    /// The commands whose NAME arguments complete entry names.
    static let namedCommands = ["run", "up", "plan", "stop", "start", "restart", "logs"]

    @Test func zshScriptDefinesTheCompletionAndCallsMusterBackForNames() throws {
        let outcome = try MusterBinary.run(["completions", "zsh"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let script = outcome.standardOutput
        #expect(script.hasPrefix("#compdef muster\n"))
        #expect(script.contains("\n_muster() {"))
        for command in Self.namedCommands {
            #expect(script.contains("---completion \(command) -- positional@0"), "\(command)")
        }
        try checkSyntax(script, shell: "zsh", file: "_muster")
    }

    @Test func fishScriptDefinesTheCompletionAndCallsMusterBackForNames() throws {
        let outcome = try MusterBinary.run(["completions", "fish"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let script = outcome.standardOutput
        #expect(script.contains("complete -c 'muster'"))
        for command in [
            "run", "up", "check", "plan", "ps", "stop", "start", "restart", "down", "logs", "schema", "completions",
        ] {
            #expect(script.contains("'\(command)'") || script.contains(" \(command) "), "\(command)")
        }
        for command in Self.namedCommands {
            #expect(script.contains("---completion \(command) -- positional@0"), "\(command)")
        }
        try checkSyntax(script, shell: "fish", file: "muster.fish")
    }

    @Test func anUnknownShellIsAUsageError() throws {
        let outcome = try MusterBinary.run(["completions", "tcsh"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("'tcsh'"), "\(outcome.standardError)")
    }

    /// `SHELL -n` on the script when that shell is installed.
    private func checkSyntax(_ script: String, shell: String, file: String) throws {
        guard let executable = ExternalTools.path(shell) else { return }
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.write(file, script)
        let outcome = try MusterBinary.run(["-n", path], in: folder.path, executable: executable)
        #expect(outcome.status == 0, "\(shell) -n: \(outcome.standardError)")
    }
}
