import MusterExec
import MusterTestSupport
import Testing

struct ExecutableResolverTests {
    @Test func namesAreLookedUpInPATH() throws {
        #expect(try ExecutableResolver.resolve("sh", path: "/nonexistent:/bin", workingDirectory: "/") == "/bin/sh")
    }

    @Test func missingProgramsAre127AndNonExecutableOnes126() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let plain = folder.write("script.sh", "echo hi\n")
        #expect(throws: ExecutableResolver.Failure(exitcode: 127, message: "command not found: no-such-program-x")) {
            try ExecutableResolver.resolve("no-such-program-x", path: "/bin", workingDirectory: "/")
        }
        #expect(throws: ExecutableResolver.Failure(exitcode: 126, message: "'./script.sh' is not executable")) {
            try ExecutableResolver.resolve("./script.sh", path: "/bin", workingDirectory: folder.path)
        }
        #expect(throws: ExecutableResolver.Failure(exitcode: 126, message: "'\(plain)' is not executable")) {
            try ExecutableResolver.resolve("script.sh", path: folder.path, workingDirectory: "/")
        }
        #expect(throws: ExecutableResolver.Failure(exitcode: 126, message: "'/tmp' is not executable (it is a directory)")) {
            try ExecutableResolver.resolve("/tmp", path: "/bin", workingDirectory: "/")
        }
    }

    @Test func relativePathsResolveAgainstTheEntrysWorkingDirectory() throws {
        #expect(try ExecutableResolver.resolve("./sh", path: nil, workingDirectory: "/bin") == "/bin/./sh")
    }
}
