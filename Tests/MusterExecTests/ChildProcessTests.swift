import Glibc
@testable import MusterExec
import MusterManifest
import Testing

/// A shutdown signal says whether it met a running instance: one that had already ended on its
/// own (not yet reaped) is reported by its own end, not as muster's doing.
struct ChildProcessTests {
    /// Spawns `command` (argv) in /.
    static func spawn(_ command: [String]) throws -> SpawnedChild {
        let spec = ProcessSpec(
            name: "t", nameLocation: SourceLocation(file: "t", line: 1, column: 1), command: .argv(command),
            workingDirectory: "/")
        let launch = Launch(index: 0, spec: spec, shared: SharedEnvironment(["PATH": "/usr/bin:/bin"]), own: [:])
        guard case .spawned(let spawned) = ProcessLauncher.spawn(launch) else {
            throw ChildProcessTestError()
        }
        for pipe in spawned.pipes { close(pipe) }
        return spawned
    }

    struct ChildProcessTestError: Error {}

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aShutdownOfAnInstanceThatAlreadyEndedSaysItDidNotReachIt() throws {
        let child = try Self.spawn(["true"]).process
        var ended = pollfd(fd: child.pidfd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ended, 1, 30_000) == 1)
        #expect(child.hasExited)
        #expect(!child.shutDown(signal: SIGTERM, grace: .seconds(10)))
        #expect(child.reap() == .exited(0))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aShutdownOfARunningInstanceSaysItReachedIt() throws {
        let child = try Self.spawn(["sleep", "30"]).process
        #expect(!child.hasExited)
        #expect(child.shutDown(signal: SIGTERM, grace: .seconds(10)))
        var ended = pollfd(fd: child.pidfd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ended, 1, 30_000) == 1)
        #expect(child.reap() == .signaled(SIGTERM))
    }
}

extension Tag {
    /// Tests that start real processes.
    @Tag static var integration: Self
}
