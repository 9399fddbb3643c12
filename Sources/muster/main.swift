import Glibc
import MusterCLI

MusterCommand.prepareProcess()
exit(await MusterCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
