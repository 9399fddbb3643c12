import Glibc
import MusterCLI

exit(await MusterCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
