import Foundation
import Glibc
import MusterTestSupport

// MARK: - A process the test watches line by line

/// A process (muster, by default) started with Foundation's `Process` and a given environment,
/// so a test can wait for its output lines, signal it and collect what it printed. A watchdog
/// SIGKILLs it after `watchdog` seconds, so a hanging process fails the test instead of blocking it.
final class WatchedProcess: @unchecked Sendable {
    enum Stream: Hashable { case standardOutput, standardError }

    private let process = Process()
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var data: [Stream: Data] = [.standardOutput: Data(), .standardError: Data()]
    private var closed: Set<Stream> = []
    private let readers = DispatchGroup()

    /// The process's pid.
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    init(
        _ arguments: [String], executable: String = MusterBinary.path, in directory: String,
        environment: [String: String], watchdog: Double = 40
    ) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (stream, pipe) in [(Stream.standardOutput, stdout), (.standardError, stderr)] {
            let handle = pipe.fileHandleForReading
            readers.enter()
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    condition.lock()
                    if chunk.isEmpty { closed.insert(stream) } else { data[stream]!.append(chunk) }
                    condition.broadcast()
                    condition.unlock()
                    if chunk.isEmpty { break }
                }
                readers.leave()
            }
        }
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + watchdog) { [weak self] in
            if let self, self.process.isRunning { kill(pid, SIGKILL) }
        }
    }

    private func completeLines(_ stream: Stream) -> [String] {
        let text = String(decoding: data[stream]!, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the unfinished part after the last newline
        return lines
    }

    /// Blocks until a complete line of `stream` satisfies `matches` and returns it; nil when the
    /// stream ends (or `seconds` pass) first.
    func waitForLine(on stream: Stream, seconds: Double = 30, where matches: (String) -> Bool) -> String? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let line = completeLines(stream).first(where: matches) { return line }
            if closed.contains(stream) { return nil }
            if !condition.wait(until: deadline) { return nil }
        }
    }

    /// Blocks until `count` complete lines of `stream` satisfy `matches`; returns them (fewer when
    /// the stream ends or `seconds` pass first).
    func waitForLines(_ count: Int, on stream: Stream, seconds: Double = 30, where matches: (String) -> Bool) -> [String] {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let found = completeLines(stream).filter(matches)
            if found.count >= count || closed.contains(stream) { return found }
            if !condition.wait(until: deadline) { return found }
        }
    }

    /// What `stream` got so far.
    func text(of stream: Stream) -> String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data[stream]!, as: UTF8.self)
    }

    /// Sends `signal` to the process (not to its children).
    func send(_ signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// Waits for the process to exit and its output pipes to close (for at most `seconds` after
    /// the exit). Status is 128 + S when it was killed by signal S.
    func finish(seconds: Double = 10) -> (status: Int32, stdout: String, stderr: String, outputClosed: Bool) {
        process.waitUntilExit()
        let closedInTime = readers.wait(timeout: .now() + seconds) == .success
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        condition.lock()
        defer { condition.unlock() }
        return (
            status, String(decoding: data[.standardOutput]!, as: UTF8.self),
            String(decoding: data[.standardError]!, as: UTF8.self), closedInTime
        )
    }

    /// Clean-up after a test: `signal` if it still runs, SIGKILL if it is still running `grace`
    /// seconds later; waits for it to end.
    func shutDown(_ signal: Int32 = SIGTERM, grace: Double = 10) {
        if process.isRunning {
            kill(pid, signal)
            let pid = self.pid
            DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [weak self] in
                if let self, self.process.isRunning { kill(pid, SIGKILL) }
            }
        }
        process.waitUntilExit()
    }
}

/// muster itself, started in the background with the test's environment (less NO_COLOR).
typealias LiveMuster = WatchedProcess

extension WatchedProcess {
    /// Starts `muster arguments…` in `directory` with the test's environment, without NO_COLOR.
    convenience init(_ arguments: [String], in directory: String, watchdog: Double = 40) throws {
        var environment = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR"] + MusterBinary.ciVariables { environment[key] = nil }
        try self.init(arguments, executable: MusterBinary.path, in: directory, environment: environment, watchdog: watchdog)
    }
}
