internal import Glibc
internal import Synchronization

/// Writes children's output line by line as `NAME | line`, and muster's own event lines, to
/// muster's standard output and error without ever tearing or interleaving lines.
///
/// Each reader formats the complete lines of one read into one chunk and hands it over; the chunk
/// goes out in a single locked write, so lines of different children never mix. Also appends each
/// entry's raw lines to its `log:` file and keeps its last lines for reports.
package final class OutputMultiplexer: Sendable {
    /// Which of a child's streams a line came from.
    package enum Stream: Sendable {
        case standardOutput, standardError
    }

    /// How output looks and where it goes.
    package struct Style: Sendable {
        /// ANSI colours for names and events.
        package var colored = false
        /// `HH:MM:SS.mmm ` before every line.
        package var timestamps = false
        /// Drop children's output (events and logs still happen).
        package var quiet = false
        /// Where children's stdout lines go: 1, or 2 when a report is written to stdout.
        package var childStandardOutput: Int32 = 1

        /// The default style: no colours, no timestamps, stdout to stdout.
        package init() {}
    }

    /// How many of its last lines are kept per entry (for `muster logs` and reports).
    package static let keptLines = 1000
    /// The bytes kept per entry; the oldest kept lines go first when more would not fit.
    package static let keptBytes = 256 * 1024

    private struct State {
        var lastLines: [LineRing]
        var followers: [Int: [ObjectIdentifier: LogFollower]] = [:]
    }

    private let prefixes: [[UInt8]]
    private let style: Style
    private let logFiles: [Int32?]
    private let state: Mutex<State>
    /// Where bytes go, one lock each: a reader stuck writing to a slow standard output holds up
    /// neither standard error (muster's events) nor the kept lines.
    private let destinations: [Int32: Destination]
    /// `ready: {log: …}` patterns by entry, and whether each is being watched for.
    private let logPatterns: [LogPattern?]
    private let watching: Mutex<[Bool]>
    private let onLogMatch: @Sendable (Int) -> Void

    /// A multiplexer for entries called `names`, whose `log:` files are already open as `logFiles`;
    /// `onLogMatch` is called (once per `watchLog`) when a line matches an entry's `logPatterns`.
    package init(
        names: [String], logFiles: [Int32?], style: Style, logPatterns: [String?] = [],
        onLogMatch: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.logPatterns = names.indices.map { index in
            index < logPatterns.count ? logPatterns[index].flatMap { try? LogPattern(regex: Regex($0)) } : nil
        }
        watching = Mutex(Array(repeating: false, count: names.count))
        self.onLogMatch = onLogMatch
        let width = names.map(\.count).max() ?? 0
        prefixes = names.map { name in
            let padded = name + String(repeating: " ", count: width - name.count)
            let text = style.colored ? "\u{1B}[\(Self.color(for: name))m\(padded)\u{1B}[0m | " : "\(padded) | "
            return Array(text.utf8)
        }
        self.style = style
        self.logFiles = logFiles
        var destinations: [Int32: Destination] = [:]
        for fd in [1, 2, style.childStandardOutput] + logFiles.compactMap({ $0 }) where destinations[fd] == nil {
            destinations[fd] = Destination(fd: fd)
        }
        self.destinations = destinations
        state = Mutex(
            State(lastLines: Array(repeating: LineRing(lines: Self.keptLines, capacity: Self.keptBytes), count: names.count)))
    }

    deinit {
        for fd in logFiles.compactMap({ $0 }) { close(fd) }
    }

    /// A stable colour per name (one of six), so an entry keeps its colour across runs.
    static func color(for name: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return 31 + Int(hash % 6)
    }

    /// Collects the lines of one read and sends them out together.
    package struct Batch {
        fileprivate let entry: Int
        fileprivate let lead: [UInt8]
        fileprivate let shows: Bool
        fileprivate let watchesLog: Bool
        /// The prefixed lines to show; or, when quiet, the lines alone (still kept for reports).
        fileprivate let chunk: ByteBuffer
        /// The lines for the entry's `log:` file.
        fileprivate let log: ByteBuffer?
        /// Where each line is in `chunk`.
        fileprivate var spans: [Range<Int>] = []
    }

    /// A batch for the lines of `entry` read at `time`, with room for about `bytes` of input.
    package func batch(for entry: Int, at time: WallTime?, bytes: Int = 0) -> Batch {
        var lead: [UInt8] = []
        if style.timestamps, let time { lead += Array((time.clockTime + " ").utf8) }
        lead += prefixes[entry]
        let shows = !style.quiet
        var batch = Batch(
            entry: entry, lead: lead, shows: shows, watchesLog: logPatterns[entry] != nil,
            chunk: ByteBuffer(capacity: shows ? bytes * 2 + lead.count * 64 : bytes),
            log: logFiles[entry] == nil ? nil : ByteBuffer(capacity: bytes + 64))
        batch.spans.reserveCapacity(bytes / 8)
        return batch
    }

    /// Starts watching `entry`'s output for its `ready: {log: …}` pattern (again after a restart).
    package func watchLog(of entry: Int) {
        guard logPatterns[entry] != nil else { return }
        watching.withLock { $0[entry] = true }
    }

    /// Adds one line to `batch`.
    package func add(_ line: UnsafeRawBufferPointer, to batch: inout Batch) {
        if batch.watchesLog { matchReadyLine(line, of: batch.entry) }
        let chunk = batch.chunk
        if batch.shows { batch.lead.withUnsafeBytes { chunk.append($0) } }
        let start = chunk.count
        chunk.append(line)
        batch.spans.append(start..<chunk.count)
        if batch.shows { chunk.append(UInt8(ascii: "\n")) }
        if let log = batch.log {
            log.append(line)
            log.append(UInt8(ascii: "\n"))
        }
    }

    private func matchReadyLine(_ line: UnsafeRawBufferPointer, of entry: Int) {
        guard let pattern = logPatterns[entry] else { return }
        let matched = watching.withLock { watching in
            guard watching[entry], (try? pattern.regex.firstMatch(in: String(decoding: line, as: UTF8.self))) != nil
            else { return false }
            watching[entry] = false
            return true
        }
        if matched { onLogMatch(entry) }
    }

    /// Writes a batch of `entry`'s `stream` lines in one go.
    package func send(_ batch: Batch, from stream: Stream) {
        let entry = batch.entry
        let fd = stream == .standardOutput ? style.childStandardOutput : 2
        if batch.shows, batch.chunk.count > 0 { destinations[fd]?.write(batch.chunk.bytes) }
        if let log = logFiles[entry], let lines = batch.log, lines.count > 0 { destinations[log]?.write(lines.bytes) }
        state.withLock { state in
            let bytes = batch.chunk.bytes
            for span in batch.spans.suffix(Self.keptLines) {
                state.lastLines[entry].append(UnsafeRawBufferPointer(rebasing: bytes[span]))
            }
            if let followers = state.followers[entry], !batch.spans.isEmpty {
                let lines = state.lastLines[entry].last(batch.spans.count)
                for follower in followers.values { follower.push(lines) }
            }
        }
    }

    /// Writes one of muster's own lines (an event) to standard error, between children's lines.
    package func event(_ text: String) {
        let line = Array((style.colored ? "\u{1B}[2m\(text)\u{1B}[0m" : text).utf8) + [UInt8(ascii: "\n")]
        line.withUnsafeBytes { destinations[2]?.write($0) }
    }

    /// Sends `entry`'s new lines to `follower` from now on.
    func follow(_ entry: Int, with follower: LogFollower) {
        state.withLock { $0.followers[entry, default: [:]][ObjectIdentifier(follower)] = follower }
    }

    /// Stops sending lines to `follower`.
    func unfollow(_ entry: Int, _ follower: LogFollower) {
        state.withLock { _ = $0.followers[entry]?.removeValue(forKey: ObjectIdentifier(follower)) }
    }

    /// Closes every follower (the run is over).
    func closeFollowers() {
        state.withLock { state in
            for followers in state.followers.values { for follower in followers.values { follower.close() } }
            state.followers.removeAll()
        }
    }

    /// The last lines `entry` wrote, oldest first (at most `keptLines`).
    package func lastLines(of entry: Int, count: Int = keptLines) -> [String] {
        state.withLock { $0.lastLines[entry].last(count) }
    }

}

/// One place output goes (a standard stream or a `log:` file), written under its own lock.
private final class Destination: Sendable {
    let fd: Int32
    /// Whether writing failed for good (EPIPE: the reader is gone); then the fd is left alone.
    private let broken = Mutex(false)

    init(fd: Int32) {
        self.fd = fd
    }

    /// Writes all bytes, retrying short writes, as one uninterrupted sequence.
    func write(_ buffer: UnsafeRawBufferPointer) {
        guard let start = buffer.baseAddress else { return }
        broken.withLock { broken in
            guard !broken else { return }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, start + offset, buffer.count - offset)
                if n >= 0 {
                    offset += n
                } else if errno != EINTR && errno != EAGAIN {
                    broken = true
                    return
                }
            }
        }
    }
}

/// A compiled `ready: {log: …}` pattern.
// @unchecked Sendable: Regex is not Sendable (it compiles lazily), so it is only ever matched
// while holding the multiplexer's `watching` lock.
private struct LogPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}
