package import ArgumentParser

/// One of muster's commands: its type, and how to run a value of it that ArgumentParser parsed.
///
/// Made for a type known at compile time, so that running it needs no look-up of whether it is
/// an `AsyncParsableCommand`: that cast costs the Swift runtime a scan of every protocol
/// conformance in the binary (about 3% of a start).
package struct CommandKind: Sendable {
    /// The command's type.
    package let type: any ParsableCommand.Type
    /// Runs a parsed value of `type`.
    let run: @Sendable (any ParsableCommand) async throws -> Void

    init<Command: ParsableCommand>(_ type: Command.Type) {
        self.type = type
        run = { command in
            var command = command as! Command
            try command.run()
        }
    }

    init<Command: AsyncParsableCommand>(_ type: Command.Type) {
        self.type = type
        run = { command in
            var command = command as! Command
            try await command.run()
        }
    }

    /// A command of any type, run as whichever kind it turns out to be.
    static func run(_ command: any ParsableCommand) async throws {
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            var command = command
            try command.run()
        }
    }
}
