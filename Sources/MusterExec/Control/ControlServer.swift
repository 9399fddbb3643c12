internal import Dispatch
internal import Glibc
internal import MusterControl
internal import MusterManifest
internal import Synchronization

/// The control endpoint of a running `muster run`/`up`: a Unix socket that `muster ps`, `stop`,
/// `start`, `restart`, `down` and `logs` talk to, guarded by the peer's uid and an authkey
/// challenge–response. Requests that touch run state go to the executor's loop as events.
final class ControlServer: Sendable {
    /// Where the socket, key and lock are.
    let paths: ControlPaths
    private let listener: Int32
    private let lockFile: Int32
    private let authkey: Authkey
    private let events: EventQueue
    let output: OutputMultiplexer
    /// The entries' names, by index (a reload appends to them).
    var names: [String] { output.entryNames }
    private let stopped = Atomic<Bool>(false)
    private let runEnd = RunEnd()
    /// Connections being served, and a signal each time one closes.
    private let openConnections = Atomic<Int>(0)
    private let connectionClosed = DispatchSemaphore(value: 0)

    private init(
        paths: ControlPaths, listener: Int32, lockFile: Int32, authkey: Authkey,
        events: EventQueue, output: OutputMultiplexer
    ) {
        self.paths = paths
        self.listener = listener
        self.lockFile = lockFile
        self.authkey = authkey
        self.events = events
        self.output = output
    }

    /// Opens the endpoint for the manifest at `manifestPath` (absolute).
    ///
    /// - Throws: `ExecutionError` when another run of the same manifest is going (naming its pid)
    ///   or the files cannot be made. A socket left by a killed run is replaced.
    static func start(
        manifestPath: String, environment: [String: String], authkey: Authkey,
        events: EventQueue, output: OutputMultiplexer
    ) throws(ExecutionError) -> ControlServer {
        let paths = ControlPaths(manifestPath: manifestPath, environment: environment)
        if let problem = ControlPaths.makeFolder(environment: environment) { throw ExecutionError(problems: [problem]) }
        var lockFile: Int32 = -1
        var locked = false
        // The lock file is removed at the end of a run: a lock taken on a file that was removed
        // meanwhile does not count, so take it again on the file now at the path.
        while true {
            lockFile = open(paths.lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard lockFile >= 0 else { throw ExecutionError(problems: ["cannot create \(paths.lock): \(errorText())"]) }
            locked = flock(lockFile, LOCK_EX | LOCK_NB) == 0
            var held = stat(), current = stat()
            if !locked || (fstat(lockFile, &held) == 0 && stat(paths.lock, &current) == 0 && held.st_ino == current.st_ino) {
                break
            }
            close(lockFile)
        }
        guard locked else {
            var buffer = [UInt8](repeating: 0, count: 32)
            _ = buffer.withUnsafeMutableBytes { Glibc.pread(lockFile, $0.baseAddress, $0.count, 0) }
            let pid = String(decoding: buffer.prefix { $0 != 0 && $0 != 10 }, as: UTF8.self)
            close(lockFile)
            throw ExecutionError(problems: [
                "\(manifestPath) is already running (muster pid \(pid.isEmpty ? "?" : pid)); stop it with `muster down -f \(manifestPath)` or use `muster ps` to see it"
            ])
        }
        ftruncate(lockFile, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(lockFile, $0.baseAddress, $0.count, 0) }
        // Holding the lock means any socket there is a stale one from a killed run.
        unlink(paths.socket)
        unlink(paths.key)
        guard let listener = UnixSocket.listen(at: paths.socket) else {
            close(lockFile)
            throw ExecutionError(problems: ["cannot listen on \(paths.socket): \(errorText())"])
        }
        let keyFile = open(paths.key, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if keyFile >= 0 {
            let hex = Array(authkey.hex.utf8)
            _ = hex.withUnsafeBytes { write(keyFile, $0.baseAddress, $0.count) }
            close(keyFile)
        }
        let server = ControlServer(
            paths: paths, listener: listener, lockFile: lockFile, authkey: authkey, events: events, output: output)
        DispatchQueue(label: "muster.control.accept").async { server.acceptConnections() }
        return server
    }

    /// The run has stopped: no new connections, and requests that need the loop are told so.
    func stopAccepting() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        shutdown(listener, Int32(SHUT_RDWR))
        unlink(paths.socket)
        unlink(paths.key)
        output.watchers.closeAll()
    }

    /// The run is over with the final state `makeFinal` makes (ended, exit code, outcome, every
    /// entry): clients waiting for the end get it; then the lock is released.
    ///
    /// Clients still connected get a second to ask (whatever they ask, they are told the final
    /// state): one that sent `down` and is about to ask `wait` learns how the run ended.
    func finish(_ makeFinal: @escaping @Sendable () -> ControlResponse) {
        runEnd.finish(makeFinal)
        let deadline = DispatchTime.now() + .seconds(1)
        while openConnections.load(ordering: .sequentiallyConsistent) > 0 {
            if connectionClosed.wait(timeout: deadline) == .timedOut { break }
        }
        unlink(paths.lock)
        close(lockFile)
    }

    private static func errorText() -> String { SystemError.text(errno) }

    var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    private func acceptConnections() {
        while !isStopped {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let connection = UnixSocket(fd: fd)
            // A thread of its own: a client may sit idle (or follow logs) for as long as it likes
            // without holding up anyone else.
            PosixThread.start(name: "muster.control") { self.serve(connection) }
        }
        close(listener)
    }

    /// One client: uid check, challenge–response, then requests until it hangs up.
    private func serve(_ connection: UnixSocket) {
        openConnections.add(1, ordering: .sequentiallyConsistent)
        defer {
            openConnections.subtract(1, ordering: .sequentiallyConsistent)
            connectionClosed.signal()
        }
        guard connection.peerUserID == getuid() else {
            connection.write(ControlCoding.encode(ControlResponse.failure("permission denied: not the user running muster")))
            return
        }
        connection.setReceiveTimeout(seconds: 5)  // the handshake must not hang a thread forever
        let nonce = Authkey.random().bytes
        connection.write(ControlCoding.encode(ControlGreeting(muster: ControlProtocol.version, challenge: nonce.hex)))
        guard let line = connection.readLine(), let answer = ControlCoding.decode(ControlAnswer.self, from: line),
            Self.constantTimeEqual(Array(answer.response.utf8), Array(SHA256Hasher.hmac(key: authkey.bytes, message: nonce).hex.utf8))
        else {
            connection.write(ControlCoding.encode(ControlResponse.failure("authentication failed: wrong or missing authkey")))
            return
        }
        connection.write(ControlCoding.encode(ControlResponse.success()))
        connection.setReceiveTimeout(seconds: 0)
        while let line = connection.readLine() {
            guard let request = ControlCoding.decode(ControlRequest.self, from: line) else {
                connection.write(ControlCoding.encode(ControlResponse.failure("unreadable request")))
                continue
            }
            // Once the run has stopped, every request is answered with its final state.
            if request.command == "wait" || isStopped {
                guard serveWait(isStopped ? ControlRequest(command: "wait") : request, on: connection) else { return }
                continue
            }
            if request.command == "logs" {
                guard serveLogs(request, on: connection) else { return }
                continue
            }
            if request.command == "subscribe" {
                serveSubscription(request, on: connection)
                return
            }
            guard connection.write(ControlCoding.encode(ask(request))) else { return }
        }
    }

    /// Has the executor's loop answer `request`.
    func ask(_ request: ControlRequest) -> ControlResponse {
        let replier = ControlReplier()
        events.yield(.control(request, replier))
        return replier.wait { isStopped }
    }

    /// `wait [timeout_ms]`: the run's final state once it has ended, or `{"ok":true}` when the
    /// timeout passes first.
    func serveWait(_ request: ControlRequest, on connection: UnixSocket) -> Bool {
        guard let final = runEnd.wait(timeout: request.timeout_ms.map { .milliseconds($0) }) else {
            return connection.write(ControlCoding.encode(ControlResponse.success()))
        }
        defer { runEnd.deliver() }
        return connection.write(ControlCoding.encode(final))
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
