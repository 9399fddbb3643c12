/// The control protocol of a running `muster run`/`up`, version 1: newline-delimited JSON over a
/// Unix socket. The server speaks first with a challenge; the client answers with the
/// HMAC-SHA256 of the challenge under the run's authkey (as Python's multiprocessing.connection
/// does); then each request line gets one response line (`logs --follow` gets a line per output
/// line until the client hangs up). See README.md, "Controlling a run".
package enum ControlProtocol {
    /// The protocol version in the server's greeting.
    package static let version = 1
}

/// A message of the protocol: one JSON object, written and read by hand (no Codable, whose
/// JSON coders weigh half a megabyte of the binary and 16,000 instructions a value).
///
/// Reading is lenient where JSONDecoder was strict in one way only: an optional field of the
/// wrong type reads as absent. A required field missing or of the wrong type, or a line that is
/// not a JSON object, makes the message unreadable.
package protocol ControlMessage: Sendable {
    /// The message as a JSON object.
    var json: JSONValue { get }
    /// The message a JSON object holds, or nil when it lacks a field this message needs.
    init?(json: JSONValue)
}

/// The server's first line.
package struct ControlGreeting: ControlMessage {
    /// Protocol version.
    package var muster: Int
    /// A random nonce in hex, to be answered with its HMAC.
    package var challenge: String

    /// Creates a greeting.
    package init(muster: Int, challenge: String) {
        self.muster = muster
        self.challenge = challenge
    }

    package var json: JSONValue { .object([("muster", .int(muster)), ("challenge", .string(challenge))]) }

    package init?(json: JSONValue) {
        guard let muster = json["muster"]?.intValue, let challenge = json["challenge"]?.stringValue else { return nil }
        self.init(muster: muster, challenge: challenge)
    }
}

/// The client's answer to the greeting.
package struct ControlAnswer: ControlMessage {
    /// HMAC-SHA256(authkey, challenge bytes) in hex.
    package var response: String

    /// Creates an answer.
    package init(response: String) { self.response = response }

    package var json: JSONValue { .object([("response", .string(response))]) }

    package init?(json: JSONValue) {
        guard let response = json["response"]?.stringValue else { return nil }
        self.response = response
    }
}

/// A request line.
package struct ControlRequest: ControlMessage, Hashable {
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

    package var json: JSONValue {
        var fields: [(String, JSONValue)] = [("command", .string(command))]
        if let name { fields.append(("name", .string(name))) }
        if let lines { fields.append(("lines", .int(lines))) }
        if let follow { fields.append(("follow", .bool(follow))) }
        if let timeout_ms { fields.append(("timeout_ms", .int(timeout_ms))) }
        if let count { fields.append(("count", .int(count))) }
        if let costs_ms { fields.append(("costs_ms", .int(costs_ms))) }
        return .object(fields)
    }

    package init?(json: JSONValue) {
        guard let command = json["command"]?.stringValue else { return nil }
        self.init(
            command: command, name: json["name"]?.stringValue, lines: json["lines"]?.intValue,
            follow: json["follow"]?.boolValue, timeout_ms: json["timeout_ms"]?.intValue, count: json["count"]?.intValue,
            costs_ms: json["costs_ms"]?.intValue)
    }
}

/// JSON lines for the protocol.
package enum ControlCoding {
    /// `message` as one line of JSON, newline included.
    package static func encode(_ message: some ControlMessage) -> [UInt8] {
        message.json.utf8() + [UInt8(ascii: "\n")]
    }

    /// The message a line of JSON holds, or nil when it is not one.
    package static func decode<T: ControlMessage>(_ type: T.Type, from line: [UInt8]) -> T? {
        JSONValue(parsing: line).flatMap(T.init(json:))
    }
}

/// Lines one entry wrote on one stream at one moment, as `subscribe` streams them.
package struct StreamedLines: Sendable, Hashable {
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

    /// The lines as a JSON object.
    package var json: JSONValue {
        .object([("name", .string(name)), ("stderr", .bool(stderr)), ("lines", .array(lines.map(JSONValue.string))), ("at", .string(at))])
    }

    /// The lines a JSON object holds, or nil when a field is missing.
    package init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let stderr = json["stderr"]?.boolValue,
            let lines = json["lines"]?.stringsValue, let at = json["at"]?.stringValue
        else { return nil }
        self.init(name: name, stderr: stderr, lines: lines, at: at)
    }
}
