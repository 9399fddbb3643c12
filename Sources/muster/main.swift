import Glibc
import MusterCLI

exit(MusterCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
