internal import Dispatch
internal import Glibc
internal import Synchronization

/// Bytes on their way to one file that muster writes to (its standard output or error), written
/// in order by a thread of its own, so that a reader who stops reading holds up nobody but the
/// children writing to it.
///
/// Whoever enqueues never blocks. Children's output is bounded: once more than `highWater` bytes
/// wait, `enqueue` says so and the reactor stops reading the pipe that sent them (the child then
/// blocks on its own pipe, and nothing is lost) until the queue is down to `lowWater`. muster's own
/// event lines are always taken.
///
/// A file that has no reader to wait for (a regular file, /dev/null) takes small chunks from the
/// sender itself, when nothing is queued or being written before them: order is kept, and an event
/// line costs no wake-up of the writer thread (two per entry in a run whose output goes to a file).
final class OutputQueue: Sendable {
    /// Above this many waiting bytes, the pipes that send more are paused.
    static let highWater = 1 << 20
    /// Paused pipes are read again once no more than this many bytes wait.
    static let lowWater = 256 << 10
    /// The largest chunk the sender writes itself to a file without a reader.
    static let directLimit = 4 << 10

    /// Something to write, or a flush marker to signal once everything before it is written.
    private enum Item {
        case bytes(ByteBuffer)
        /// A file to copy from its start, then close (a grouped job's spilled lines).
        case file(Int32)
        case flushed(DispatchSemaphore)
    }

    /// One part of a block queued with `enqueue(block:)`.
    enum BlockPart {
        /// Bytes in memory.
        case bytes(ByteBuffer)
        /// An open file, copied from its start and then closed; never read into memory whole.
        case file(Int32)
    }

    private struct State {
        var items: [Item] = []
        var queued = 0
        /// Called once the queue is down to `lowWater`.
        var drainWaiters: [Handler<Void>] = []
        /// The reader is gone (EPIPE): what comes is dropped.
        var broken = false
        /// The writer thread holds items taken off the queue and not yet written.
        var writing = false
    }

    /// The file descriptor written to.
    let fd: Int32
    /// Whether `fd` is a file no reader holds up (a regular file, /dev/null): small chunks are
    /// then written by whoever enqueues them, when nothing waits before them.
    private let writesDirectly: Bool
    // `Item` holds a `ByteBuffer`, a class that is not Sendable: the state is only touched under
    // this mutex, and each buffer belongs to the queue once enqueued.
    private let state: Mutex<UnsafeTransfer<State>>
    private let wake = DispatchSemaphore(value: 0)

    /// A queue writing to `fd`, with its writer thread started.
    init(fd: Int32) {
        self.fd = fd
        writesDirectly = Self.hasNoReader(fd)
        state = Mutex(UnsafeTransfer(State()))
        PosixThread.start(name: "muster.out.\(fd)") { [self] in writeForever() }
    }

    /// Queues `bytes` (taking ownership of the buffer); true when the queue is now over its
    /// high-water mark, so that the sender should pause until `whenDrained`.
    @discardableResult
    func enqueue(_ bytes: ByteBuffer) -> Bool {
        guard bytes.count > 0 else { return false }
        let direct = writesDirectly && bytes.count <= Self.directLimit
        var queued = false
        let over = state.withLock { transfer -> Bool in
            if transfer.value.broken { return false }
            if direct, transfer.value.items.isEmpty, !transfer.value.writing {
                if !write(bytes.bytes) { transfer.value.broken = true }
                return false
            }
            queued = true
            transfer.value.items.append(.bytes(bytes))
            transfer.value.queued += bytes.count
            return transfer.value.queued > Self.highWater
        }
        if queued { wake.signal() }
        return over
    }

    /// Queues `parts` as one block: nothing queued meanwhile comes between them. Files are copied
    /// by the writer thread a piece at a time, so they do not count against `highWater`.
    func enqueue(block parts: [BlockPart]) {
        guard !parts.isEmpty else { return }
        let dropped = state.withLock { transfer -> [Int32] in
            guard !transfer.value.broken else { return parts.compactMap { if case .file(let fd) = $0 { fd } else { nil } } }
            for part in parts {
                switch part {
                case .bytes(let buffer):
                    transfer.value.items.append(.bytes(buffer))
                    transfer.value.queued += buffer.count
                case .file(let fd):
                    transfer.value.items.append(.file(fd))
                }
            }
            return []
        }
        for fd in dropped { close(fd) }
        wake.signal()
    }

    /// Calls `action` (on the writer's thread, or at once) when no more than `lowWater` bytes wait.
    func whenDrained(_ action: Handler<Void>) {
        let now = state.withLock { transfer -> Bool in
            if transfer.value.broken || transfer.value.queued <= Self.lowWater { return true }
            transfer.value.drainWaiters.append(action)
            return false
        }
        if now { action(()) }
    }

    /// Waits until everything queued so far is written (or the reader is gone).
    func flush() {
        let done = DispatchSemaphore(value: 0)
        state.withLock { $0.value.items.append(.flushed(done)) }
        wake.signal()
        done.wait()
    }

    private func writeForever() {
        while true {
            wake.wait()
            let items = state.withLock { transfer -> [Item] in
                defer { transfer.value.items.removeAll(keepingCapacity: true) }
                transfer.value.writing = true
                return transfer.value.items
            }
            defer { state.withLock { $0.value.writing = false } }
            for item in items {
                switch item {
                case .bytes(let buffer):
                    let written = state.withLock { $0.value.broken } ? true : write(buffer.bytes)
                    let waiters = state.withLock { transfer -> [Handler<Void>] in
                        if !written { transfer.value.broken = true }
                        transfer.value.queued -= buffer.count
                        guard transfer.value.broken || transfer.value.queued <= Self.lowWater else { return [] }
                        defer { transfer.value.drainWaiters.removeAll() }
                        return transfer.value.drainWaiters
                    }
                    for waiter in waiters { waiter(()) }
                case .file(let fd):
                    if !state.withLock({ $0.value.broken }) && !copy(from: fd) {
                        state.withLock { $0.value.broken = true }
                    }
                    close(fd)
                case .flushed(let done):
                    done.signal()
                }
            }
        }
    }

    /// Copies the file `source` from its start, 1 MiB at a time; false when the reader is gone.
    private func copy(from source: Int32) -> Bool {
        let size = 1 << 20
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
        defer { piece.deallocate() }
        var offset: off_t = 0
        while true {
            let n = pread(source, piece.baseAddress!, size, offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return true }
            offset += off_t(n)
            guard write(UnsafeRawBufferPointer(rebasing: piece[0..<n])) else { return false }
        }
    }

    /// Whether `fd` is a regular file or /dev/null, which take what is written without waiting for
    /// anyone (a terminal, pipe or socket can hold a writer up for as long as its reader likes).
    private static func hasNoReader(_ fd: Int32) -> Bool {
        var status = stat(), null = stat()
        guard fstat(fd, &status) == 0 else { return false }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return true
        case S_IFCHR: return stat("/dev/null", &null) == 0 && status.st_rdev == null.st_rdev
        default: return false
        }
    }

    /// Writes all of `bytes`, retrying short writes and waiting out a non-blocking descriptor;
    /// false when the reader is gone for good.
    private func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, start + offset, bytes.count - offset)
            if n >= 0 {
                offset += n
            } else if errno == EAGAIN {
                var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, -1)
            } else if errno != EINTR {
                return false
            }
        }
        return true
    }
}

/// A value handed between threads under a lock that guards it, though its type is not Sendable.
// @unchecked Sendable: only ever read or changed while holding the mutex it is kept in.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
