import Glibc
import MusterCLI

MusterCommand.prepareProcess()
Task.detached { exit(await MusterCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))) }
// Detached: top-level code is the main actor's, whose queue the main thread never drains. The
// main thread only waits, with SIGCHLD blocked (`prepareProcess`): an async main's dispatch_main
// would wait with every signal unblocked, and be woken by each child's end.
while true { pause() }
