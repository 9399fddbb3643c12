import ArgumentParser
import MusterCLI
import Testing

/// `MusterCommand.parse(_:)`: a line that names a command is parsed with that command as the root
/// (the cheap way), and gives what parsing it against the whole tree gives.
struct CommandParseTests {
    /// Without `_superCommandName`, ArgumentParser parses the line twice more against its
    /// completion pseudo-commands, which is what parsing the command alone is meant to save.
    @Test func everyCommandNamesMusterAsItsSuperCommand() {
        for command in MusterCommand.configuration.subcommands {
            #expect(command.configuration._superCommandName == "muster", "\(command._commandName)")
        }
    }

    @Test func everyCommandIsFoundByItsName() {
        for command in MusterCommand.configuration.subcommands {
            #expect(MusterCommand.command(named: command._commandName)?.type == command, "\(command._commandName)")
        }
        #expect(MusterCommand.command(named: "help") == nil)
        #expect(MusterCommand.command(named: "chekc") == nil)
    }

    @Test func aCommandParsedAloneIsTheOneTheTreeGives() throws {
        let lines = [
            ["check", "--file", "x.yaml"], ["run", "-j", "2", "--quiet", "web", "db"], ["logs", "web", "-f"],
            ["plan", "--format", "json"], ["completions", "zsh"], ["ps", "-p", "shop"],
        ]
        for line in lines {
            let alone = try MusterCommand.parse(line).command
            let tree = try MusterCommand.parseAsRoot(line)
            #expect(type(of: alone) == type(of: tree), "\(line)")
            #expect(String(describing: alone) == String(describing: tree), "\(line)")
        }
    }
}
