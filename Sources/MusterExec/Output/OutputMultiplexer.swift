internal import Glibc
internal import Synchronization

/// Writes children's output line by line as `NAME | line`, and muster's own event lines, to
/// muster's standard output and error without ever tearing or interleaving lines.
///
/// Each reader formats the complete lines of one read into one chunk and hands it over; the chunk
/// goes out in one write, so lines of different children never mix. Standard output and error
/// are written by `OutputQueue`s (one, when both are the same file, so that an event and the lines
/// after it stay in order): nobody who hands lines over ever blocks on a slow reader. Also appends
/// each entry's raw lines to its `log:` file and keeps its last lines for reports.
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
        /// `--output grouped`: jobs' lines are held and sent as one block, framed so, when each
        /// job ends (daemons' lines still stream); nil streams every line as it comes.
        package var grouping: OutputFraming?

        /// The default style: no colours, no timestamps, stdout to stdout.
        package init() {}
    }

    /// How many of its last lines are kept per entry (for `muster logs` and reports).
    package static let keptLines = 1000
    /// The bytes kept per entry; the oldest kept lines go first when more would not fit.
    package static let keptBytes = 256 * 1024

    private struct State {
        var lastLines: [LineRing]
    }

    /// What is known of each entry, by index; entries added by a reload are appended.
    private struct EntryTable {
        var names: [String] = []
        var prefixes: [[UInt8]] = []
        var logFiles: [Int32?] = []
        /// `ready: {log: …}` patterns by entry, and whether each is being watched for.
        var logPatterns: [LogPattern?] = []
        var watching: [Bool] = []
        /// The entries' `log:` files, written at once under a lock each.
        var logDestinations: [Int32: Destination] = [:]
    }

    private let style: Style
    private let state: Mutex<State>
    private let table: Mutex<EntryTable>
    /// The queues of muster's standard output and error, by descriptor (one queue for both when
    /// they are the same file).
    private let queues: [Int32: OutputQueue]
    private let onLogMatch: @Sendable (Int) -> Void
    /// The clients following the run's lines and events.
    let watchers = RunWatchers()
    /// Under grouped output, the jobs' lines until each ends.
    private let held: HeldOutput?

    /// A multiplexer for entries called `names`, whose `log:` files are already open as `logFiles`;
    /// `onLogMatch` is called (once per `watchLog`) when a line matches an entry's `logPatterns`.
    /// Under `style.grouping`, the lines of entries whose `jobs` is true are held until
    /// `releaseBlock`.
    package init(
        names: [String], logFiles: [Int32?], style: Style, logPatterns: [String?] = [], jobs: [Bool] = [],
        onLogMatch: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        held = style.grouping.map { HeldOutput(holds: jobs, framing: $0) }
        self.style = style
        self.onLogMatch = onLogMatch
        let output = OutputQueue(fd: 1)
        queues = [1: output, 2: Self.isSameFile(1, 2) ? output : OutputQueue(fd: 2)]
        state = Mutex(State(lastLines: []))
        table = Mutex(EntryTable())
        append(
            names: names, logFiles: logFiles,
            logPatterns: names.indices.map { $0 < logPatterns.count ? logPatterns[$0] : nil })
    }

    /// Adds entries after the last (a reload's new entries), with their open `log:` files and
    /// their `ready: {log: …}` patterns; the names' column widens to fit them.
    package func append(names: [String], logFiles: [Int32?], logPatterns: [String?]) {
        state.withLock { state in
            state.lastLines += names.map { _ in LineRing(lines: Self.keptLines, capacity: Self.keptBytes) }
        }
        table.withLock { table in
            table.names += names
            table.logFiles += logFiles
            table.logPatterns += logPatterns.map { pattern in pattern.flatMap { try? LogPattern(regex: Regex($0)) } }
            table.watching += names.map { _ in false }
            for fd in logFiles.compactMap({ $0 }) where table.logDestinations[fd] == nil {
                table.logDestinations[fd] = Destination(fd: fd)
            }
            let width = table.names.map(\.count).max() ?? 0
            table.prefixes = table.names.map { name in
                let padded = name + String(repeating: " ", count: width - name.count)
                let text = style.colored ? "\u{1B}[\(Self.color(for: name))m\(padded)\u{1B}[0m | " : "\(padded) | "
                return Array(text.utf8)
            }
        }
    }

    /// Gives `entry` (changed by a reload) its new `log:` file and `ready: {log: …}` pattern.
    package func update(entry: Int, logFile: Int32?, logPattern: String?) {
        table.withLock { table in
            table.logFiles[entry] = logFile
            if let fd = logFile, table.logDestinations[fd] == nil { table.logDestinations[fd] = Destination(fd: fd) }
            table.logPatterns[entry] = logPattern.flatMap { try? LogPattern(regex: Regex($0)) }
            table.watching[entry] = false
        }
    }

    deinit {
        table.withLock { table in
            for fd in Set(table.logFiles.compactMap({ $0 })) { close(fd) }
        }
    }

    /// Whether descriptors `a` and `b` are open on the same file (a terminal, a pipe, `2>&1`).
    private static func isSameFile(_ a: Int32, _ b: Int32) -> Bool {
        var first = stat(), second = stat()
        guard fstat(a, &first) == 0, fstat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
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
        fileprivate let time: WallTime
        fileprivate let lead: [UInt8]
        fileprivate let shows: Bool
        fileprivate let watchesLog: Bool
        /// The entry's `log:` file, if it has one.
        fileprivate let destination: Destination?
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
        let (prefix, watchesLog, destination) = table.withLock { table in
            (table.prefixes[entry], table.logPatterns[entry] != nil, table.logFiles[entry].flatMap { table.logDestinations[$0] })
        }
        if held.map({ $0.framing.prefixesLines || !$0.holds(entry) }) ?? true { lead += prefix }
        let shows = !style.quiet
        var batch = Batch(
            entry: entry, time: time ?? .now(), lead: lead, shows: shows, watchesLog: watchesLog,
            destination: destination, chunk: ByteBuffer(capacity: shows ? bytes * 2 + lead.count * 64 : bytes),
            log: destination == nil ? nil : ByteBuffer(capacity: bytes + 64))
        batch.spans.reserveCapacity(bytes / 8)
        return batch
    }

    /// Starts watching `entry`'s output for its `ready: {log: …}` pattern (again after a restart).
    package func watchLog(of entry: Int) {
        table.withLock { table in
            if table.logPatterns[entry] != nil { table.watching[entry] = true }
        }
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
        let matched = table.withLock { table in
            guard let pattern = table.logPatterns[entry], table.watching[entry],
                (try? pattern.regex.firstMatch(in: String(decoding: line, as: UTF8.self))) != nil
            else { return false }
            table.watching[entry] = false
            return true
        }
        if matched { onLogMatch(entry) }
    }

    /// Sends a batch of `entry`'s `stream` lines out in one go. Returns true when the lines' queue
    /// is full: the sender should read no more of that stream until `whenDrained(stream)`.
    @discardableResult
    package func send(_ batch: Batch, from stream: Stream) -> Bool {
        if let destination = batch.destination, let lines = batch.log, lines.count > 0 { destination.write(lines.bytes) }
        keep(batch, from: stream)
        guard batch.shows else { return false }
        if let held, held.holds(batch.entry) {
            held.hold(batch.chunk, for: batch.entry)
            return false
        }
        return queue(for: stream).enqueue(batch.chunk)
    }

    /// Whether `entry`'s lines are held for a block (`releaseBlock`).
    package func holdsLines(of entry: Int) -> Bool { held?.holds(entry) ?? false }

    /// Under grouped output, sends what job `entry` held (stdout and stderr lines in the order
    /// they came) to where its stdout goes, as one block framed with `title`
    /// (`build — succeeded in 3.2s`); `replayed` lines (a cached job's stored output) come first.
    /// Does nothing when lines are not held.
    package func releaseBlock(of entry: Int, title: String, startedAt: WallTime, finishedAt: WallTime, replayed: [UInt8] = []) {
        guard let held, held.holds(entry) else { return }
        let framing = held.framing
        let name = table.withLock { $0.names[entry] }
        var parts: [OutputQueue.BlockPart] = [.bytes(Self.buffer(framing.header(title: title, name: name, index: entry, startedAt: startedAt)))]
        if !replayed.isEmpty { parts.append(.bytes(Self.buffer(replayed))) }
        parts += held.take(entry)
        parts.append(.bytes(Self.buffer(framing.footer(name: name, index: entry, finishedAt: finishedAt))))
        queue(for: .standardOutput).enqueue(block: parts)
    }

    private static func buffer(_ text: String) -> ByteBuffer { buffer(Array(text.utf8)) }

    private static func buffer(_ bytes: [UInt8]) -> ByteBuffer {
        let buffer = ByteBuffer(capacity: bytes.count)
        bytes.withUnsafeBytes { buffer.append($0) }
        return buffer
    }

    /// The queue that `stream`'s lines go to.
    private func queue(for stream: Stream) -> OutputQueue {
        queues[stream == .standardOutput ? style.childStandardOutput : 2]!
    }

    /// Calls `action` once the queue `stream`'s lines go to has room again.
    package func whenDrained(_ stream: Stream, _ action: Handler<Void>) {
        queue(for: stream).whenDrained(action)
    }

    /// Waits until everything sent so far has been written (at the end of a run, before the summary).
    package func flush() {
        // Lines still held (a job muster was killed in the middle of) go out unframed.
        if let held {
            for entry in held.holdingEntries { queue(for: .standardOutput).enqueue(block: held.take(entry)) }
        }
        for fd: Int32 in [1, 2] { queues[fd]!.flush() }
    }

    /// Keeps the batch's lines for `muster logs` and reports, and hands them to watchers.
    private func keep(_ batch: Batch, from stream: Stream) {
        let entry = batch.entry
        let bytes = batch.chunk.bytes
        state.withLock { state in
            for span in batch.spans.suffix(Self.keptLines) {
                state.lastLines[entry].append(UnsafeRawBufferPointer(rebasing: bytes[span]), at: batch.time.seconds)
            }
        }
        guard !watchers.isEmpty, !batch.spans.isEmpty else { return }
        let lines = batch.spans.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        watchers.publish(.lines(entry: entry, standardError: stream == .standardError, lines, at: batch.time))
    }

    /// Writes one of muster's own lines (an event) to standard error, between children's lines,
    /// with the time before it under `--timestamps`. Never blocks.
    package func event(_ text: String) {
        let stamp = style.timestamps ? WallTime.now().clockTime + " " : ""
        // Straight into the buffer: two of these lines go out for every entry that runs.
        let buffer = ByteBuffer(capacity: stamp.utf8.count + text.utf8.count + 9)
        func add(_ part: String) {
            var part = part
            part.withUTF8 { buffer.append(UnsafeRawBufferPointer($0)) }
        }
        add(stamp)
        if style.colored {
            add("\u{1B}[2m")
            add(text)
            add("\u{1B}[0m")
        } else {
            add(text)
        }
        buffer.append(UInt8(ascii: "\n"))
        queues[2]!.enqueue(buffer)
        watchers.publish(.event(text))
    }

    /// The last lines `entry` wrote, oldest first (at most `keptLines`).
    package func lastLines(of entry: Int, count: Int = keptLines) -> [String] {
        state.withLock { $0.lastLines[entry].last(count) }
    }

    /// The last `count` lines of every entry, merged in the order they came, each as
    /// `NAME | line`.
    package func mergedLastLines(count: Int) -> [String] {
        let timed = state.withLock { state in
            state.lastLines.enumerated().flatMap { entry, ring in ring.lastTimed(count).map { (entry, $0.time, $0.line) } }
        }
        let names = entryNames
        let width = names.map(\.count).max() ?? 0
        return timed.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.suffix(count).map {
            Self.prefixed($0.element.2, name: names[$0.element.0], width: width)
        }
    }

    /// `line` as `NAME | line`, the name padded to `width`.
    package static func prefixed(_ line: String, name: String, width: Int) -> String {
        name + String(repeating: " ", count: max(0, width - name.count)) + " | " + line
    }

    /// The entries' names.
    package var entryNames: [String] { table.withLock { $0.names } }

}

/// An entry's `log:` file, written under its own lock.
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
// while holding the multiplexer's `table` lock.
private struct LogPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}
