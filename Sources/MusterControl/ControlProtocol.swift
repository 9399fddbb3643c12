internal import FoundationEssentials

/// The control protocol of a running `muster run`/`up`, version 1: newline-delimited JSON over a
/// Unix socket. The server speaks first with a challenge; the client answers with the
/// HMAC-SHA256 of the challenge under the run's authkey (as Python's multiprocessing.connection
/// does); then each request line gets one response line (`logs --follow` gets a line per output
/// line until the client hangs up). See README.md, "Controlling a run".
package enum ControlProtocol {
    /// The protocol version in the server's greeting.
    package static let version = 1
}

/// The server's first line.
package struct ControlGreeting: Codable, Sendable {
    /// Protocol version.
    package var muster: Int
    /// A random nonce in hex, to be answered with its HMAC.
    package var challenge: String

    /// Creates a greeting.
    package init(muster: Int, challenge: String) {
        self.muster = muster
        self.challenge = challenge
    }
}

/// The client's answer to the greeting.
package struct ControlAnswer: Codable, Sendable {
    /// HMAC-SHA256(authkey, challenge bytes) in hex.
    package var response: String
}

/// A request line.
package struct ControlRequest: Codable, Sendable, Hashable {
    /// `ps`, `stop`, `start`, `restart`, `down`, `logs`, `wait`, `subscribe`, `reload` or `scale`.
    package var command: String
    /// The entry, for `stop`, `start`, `restart` and `logs` (none: every entry's lines).
    package var name: String?
    /// How many lines, for `logs` and `subscribe` (the kept lines to start with).
    package var lines: Int?
    /// Keep sending lines as they come, for `logs`.
    package var follow: Bool?
    /// How long to wait at most, for `wait` (none: until the run ends).
    package var timeout_ms: Int?
    /// The number of instances, for `scale`.
    package var count: Int?
    /// For `subscribe`: also send the running entries' cost (CPU, memory, uptime) this often, in
    /// milliseconds (none: never; at least 250).
    package var costs_ms: Int?

    /// Creates a request.
    package init(
        command: String, name: String? = nil, lines: Int? = nil, follow: Bool? = nil, timeout_ms: Int? = nil,
        count: Int? = nil, costs_ms: Int? = nil
    ) {
        self.command = command
        self.name = name
        self.lines = lines
        self.follow = follow
        self.timeout_ms = timeout_ms
        self.count = count
        self.costs_ms = costs_ms
    }
}

/// A response line.
package struct ControlResponse: Codable, Sendable {
    /// Whether the request (or the handshake) succeeded.
    package var ok: Bool
    /// What went wrong, for people.
    package var error: String?
    /// The run's manifest as given, its absolute path, project name, muster's pid, and when the
    /// run started (RFC 3339) (`ps`).
    package var manifest: String?
    package var manifest_path: String?
    package var started_at: String?
    package var project: String?
    package var muster_pid: Int32?
    /// Every entry (`ps`).
    package var processes: [ProcessStatus]?
    /// The entry acted on (`stop`, `start`, `restart`).
    package var process: ProcessStatus?
    /// Output lines (`logs`).
    package var lines: [String]?
    /// One of muster's own event lines (`subscribe`).
    package var event: String?
    /// Lines an entry wrote (`subscribe`).
    package var streamed: StreamedLines?
    /// The running entries' cost, every `costs_ms` (`subscribe`).
    package var costs: [ProcessCost]?
    /// The run has ended (`wait`): then `outcome`, `exit_code` and the final `processes` are set.
    package var ended: Bool?
    /// How the run ended: `succeeded`, `failed` or `interrupted`.
    package var outcome: String?
    /// The exit status of the muster that ran it.
    package var exit_code: Int32?
    /// How long the run took, in seconds.
    package var duration_s: Double?
    /// What `reload` or `scale` changed: `+ NAME`, `- NAME`, `~ NAME: field, field` lines.
    package var diff: [String]?
    /// Why `reload` changed nothing: the new manifest's diagnostics, rendered.
    package var diagnostics: String?

    /// A success.
    package static func success() -> ControlResponse { ControlResponse(ok: true) }
    /// A failure with a message.
    package static func failure(_ message: String) -> ControlResponse { ControlResponse(ok: false, error: message) }
}

/// JSON lines for the protocol.
package enum ControlCoding {
    /// `value` as one line of JSON, newline included.
    package static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8)) + [UInt8(ascii: "\n")]
    }

    /// The value a line of JSON holds, or nil when it does not decode.
    package static func decode<T: Decodable>(_ type: T.Type, from line: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(line))
    }
}

/// Lines one entry wrote on one stream at one moment, as `subscribe` streams them.
package struct StreamedLines: Codable, Sendable, Hashable {
    /// The entry.
    package var name: String
    /// Whether they came from its standard error.
    package var stderr: Bool
    /// The lines, without their newlines.
    package var lines: [String]
    /// When they were read (RFC 3339).
    package var at: String

    /// Creates lines.
    package init(name: String, stderr: Bool, lines: [String], at: String) {
        self.name = name
        self.stderr = stderr
        self.lines = lines
        self.at = at
    }
}
