internal import Glibc

/// A control client could not reach or talk to a run.
package struct ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    package var message: String

    /// Creates an error.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

/// The client side of the control protocol: `muster ps`, `stop`, `start`, `restart`, `down`, `logs`.
package final class ControlClient: Sendable {
    private let socket: UnixSocket

    /// The longest answer line read: `ps` writes about 450 bytes an entry on one line, so the
    /// socket's default of 1 MiB (right for the requests a server reads) stopped at ~2,300 entries.
    static let answerLimit = 1 << 28

    private init(socket: UnixSocket) {
        self.socket = socket
    }

    /// Connects to the run of the manifest at `manifestPath` (absolute), or, when it is nil, to the
    /// run named by `MUSTER_CONTROL_SOCKET` (set inside entries), and authenticates with the
    /// run's key (its key file, or `MUSTER_AUTHKEY`).
    ///
    /// - Throws: `ControlError` when no run is going or the key is refused.
    package static func connect(manifestPath: String?, environment: [String: String]) throws(ControlError) -> ControlClient {
        let socketPath: String
        var keyHex = environment["MUSTER_AUTHKEY"]
        var what: String
        if let manifestPath {
            let paths = ControlPaths(manifestPath: manifestPath, environment: environment)
            socketPath = paths.socket
            what = "no muster run of \(manifestPath) is going"
            if let fromFile = readKey(paths.key) { keyHex = fromFile }
        } else if let fromEnvironment = environment["MUSTER_CONTROL_SOCKET"] {
            socketPath = fromEnvironment
            what = "the run that started this process is over"
        } else {
            throw ControlError("no manifest given and not inside a muster run; pass -f PATH")
        }
        return try connect(socket: socketPath, keyHex: keyHex, whenNobodyListens: what)
    }

    /// Connects to the run listening at `socketPath`, authenticating with `keyHex`; the message
    /// for a socket nobody listens on starts with `whenNobodyListens`.
    ///
    /// - Throws: `ControlError` when no run listens there or the key is refused.
    package static func connect(socket socketPath: String, keyHex: String?, whenNobodyListens what: String) throws(ControlError) -> ControlClient {
        guard let socket = UnixSocket.connect(to: socketPath) else {
            throw ControlError("\(what) (nothing listens on \(socketPath)); start it with `muster up` or `muster run`")
        }
        guard let greetingLine = socket.readLine() else {
            throw ControlError("the run at \(socketPath) closed the connection")
        }
        guard let greeting = ControlCoding.decode(ControlGreeting.self, from: greetingLine) else {
            let refusal = ControlCoding.decode(ControlResponse.self, from: greetingLine)
            throw ControlError(refusal?.error ?? "the run at \(socketPath) refused the connection")
        }
        guard greeting.muster == ControlProtocol.version else {
            throw ControlError("the run speaks control protocol \(greeting.muster), this muster speaks \(ControlProtocol.version)")
        }
        let key = keyHex.flatMap(Self.bytes(fromHex:)) ?? []
        let challenge = bytes(fromHex: greeting.challenge) ?? []
        socket.write(ControlCoding.encode(ControlAnswer(response: SHA256Hasher.hmac(key: key, message: challenge).hex)))
        guard let line = socket.readLine(), let welcome = ControlCoding.decode(ControlResponse.self, from: line) else {
            throw ControlError("the run closed the connection during authentication")
        }
        guard welcome.ok else { throw ControlError(welcome.error ?? "authentication failed") }
        return ControlClient(socket: socket)
    }

    /// Makes each wait for an answer give up after `milliseconds` (0: wait for ever): the request
    /// then throws as if the connection had closed.
    package func setReadTimeout(milliseconds: Int) {
        socket.setReceiveTimeout(milliseconds: max(0, milliseconds))
    }

    /// Sends `request` and returns the run's answer.
    ///
    /// - Throws: `ControlError` when the connection breaks.
    package func send(_ request: ControlRequest) throws(ControlError) -> ControlResponse {
        guard socket.write(ControlCoding.encode(request)), let line = socket.readLine(limit: Self.answerLimit),
            let response = ControlCoding.decode(ControlResponse.self, from: line)
        else { throw ControlError("the run closed the connection") }
        return response
    }

    /// Sends a following `logs` request; `onLines` gets every batch until it returns false or the run ends.
    package func follow(_ request: ControlRequest, onLines: ([String]) -> Bool) throws(ControlError) {
        try stream(request) { onLines($0.lines ?? []) }
    }

    /// Sends a request that streams (`logs` following, `subscribe`); `onResponse` gets every
    /// response line until it returns false or the connection ends.
    ///
    /// - Throws: `ControlError` when the run refuses the request.
    package func stream(_ request: ControlRequest, onResponse: (ControlResponse) -> Bool) throws(ControlError) {
        guard socket.write(ControlCoding.encode(request)) else { throw ControlError("the run closed the connection") }
        while let line = socket.readLine(limit: Self.answerLimit) {
            guard let response = ControlCoding.decode(ControlResponse.self, from: line) else { continue }
            guard response.ok else { throw ControlError(response.error ?? "\(request.command) failed") }
            if !onResponse(response) { return }
        }
    }

    /// The hex key in the key file at `path`, or nil.
    static func readKey(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).trimmingWhitespaceAndNewlines()
    }

    private static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

extension String {
    fileprivate func trimmingWhitespaceAndNewlines() -> String {
        String(unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
