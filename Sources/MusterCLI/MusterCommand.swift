package import ArgumentParser
internal import MusterExec

/// `muster`: the root command.
package struct MusterCommand: AsyncParsableCommand {
    /// The command tree and its help.
    package static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Run the processes a YAML manifest declares, in dependency order, and report on each.",
        discussion: """
            A manifest (muster.yaml) declares processes: their commands, daemon flags and dependencies. muster checks it, plans the dependency graph and runs it. See README.md for the format.

            Exit status of run and up: 0 success, 1 something failed, timed out or was skipped, 2 invalid manifest or usage, 130 after SIGINT, 143 after SIGTERM.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, UpCommand.self, Check.self, PlanCommand.self, PsCommand.self, StopCommand.self,
            StartCommand.self, RestartCommand.self, DownCommand.self, LogsCommand.self, Schema.self,
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
    /// Usage errors exit 2, as SPEC §3 says, instead of ArgumentParser's 64.
    package static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
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
}
