package import Foundation

/// Runs the built `muster` executable as a user would, for CLI tests.
package struct MusterBinary: Sendable {
    /// What one run printed and how it exited.
    package struct Outcome: Sendable {
        /// The exit status (or 128 + signal).
        package var status: Int32
        /// Everything written to standard output.
        package var standardOutput: String
        /// Everything written to standard error.
        package var standardError: String
    }

    /// The package's root folder (where Package.swift is).
    package static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `muster` executable beside the test bundle in the build folder.
    package static let path: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        // swift test runs `…/debug/musterPackageTests.xctest`; Swift Testing may run from inside it.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("muster").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return packageRoot + "/.build/debug/muster"
    }()

    /// Variables of the environment muster reads to tell a CI and its cache: tests that run inside
    /// a CI still see muster's plain output unless they ask for a CI's, so they leave them out.
    package static let ciVariables = ["GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_STEP_SUMMARY", "MUSTER_CACHE_DIR"]

    /// Runs `muster arguments…` (or `executable arguments…`) in `directory`, feeding `input` to
    /// its standard input, and waits.
    package static func run(
        _ arguments: [String], in directory: String = packageRoot, input: String? = nil,
        environment: [String: String] = [:], executable: String? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for key in ciVariables { env[key] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Outcome(
            status: status, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}
