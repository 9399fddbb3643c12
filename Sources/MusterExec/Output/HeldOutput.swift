internal import Glibc
internal import Synchronization

/// The lines of jobs under grouped output (`--output grouped`), kept from the job's start until
/// it ends, then sent out as one block so that two jobs' lines never interleave.
///
/// Each job's lines stay in memory up to `memoryLimit` bytes; past that, everything held for the
/// job moves to an unlinked temporary file and grows there, so a job that writes gigabytes costs
/// disk, not memory, and no line is ever dropped. Holding never blocks the reader that hands lines
/// over, and never pauses a pipe.
final class HeldOutput: Sendable {
    /// The bytes a job may hold in memory before they spill to a temporary file.
    static let memoryLimit = 256 << 10

    /// What one job holds: bytes in memory, or a temporary file once they spilled.
    private struct Held {
        var memory: ByteBuffer?
        var file: Int32 = -1
    }

    /// How blocks are framed.
    let framing: OutputFraming
    /// Which entries are held (jobs); daemons' lines stream as they come.
    private let holds: [Bool]
    // `Held` holds a `ByteBuffer`, a class that is not Sendable: it is only touched under this
    // mutex, and each buffer handed to `hold` belongs to the holder from then on.
    private let held: Mutex<UnsafeTransfer<[Held]>>

    /// A holder for the entries whose `holds` is true, framing blocks as `framing` says.
    init(holds: [Bool], framing: OutputFraming) {
        self.holds = holds
        self.framing = framing
        held = Mutex(UnsafeTransfer(Array(repeating: Held(), count: holds.count)))
    }

    /// Whether `entry`'s lines are held rather than streamed.
    func holds(_ entry: Int) -> Bool { entry < holds.count && holds[entry] }

    /// Keeps `bytes` (complete lines) for `entry`, after what it already holds.
    func hold(_ bytes: ByteBuffer, for entry: Int) {
        held.withLock { transfer in
            var slot = transfer.value[entry]
            defer { transfer.value[entry] = slot }
            if slot.file < 0 {
                let memory = slot.memory ?? ByteBuffer(capacity: max(bytes.count, 4096))
                if memory.count + bytes.count <= Self.memoryLimit || !spill(memory, into: &slot) {
                    memory.append(bytes.bytes)
                    slot.memory = memory
                    return
                }
            }
            if !Self.writeAll(bytes.bytes, to: slot.file) {
                // The disk is full: keep the lines in memory rather than lose them.
                let memory = slot.memory ?? ByteBuffer(capacity: bytes.count)
                memory.append(bytes.bytes)
                slot.memory = memory
            }
        }
    }

    /// Moves `memory` to a new unlinked temporary file; false when none can be made.
    private func spill(_ memory: ByteBuffer, into slot: inout Held) -> Bool {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/muster-output-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return false }
        // Children must not inherit it.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        guard Self.writeAll(memory.bytes, to: fd) else {
            close(fd)
            return false
        }
        slot.file = fd
        slot.memory = nil
        return true
    }

    /// Takes everything `entry` holds, oldest first: what spilled to the file (its descriptor,
    /// now the caller's to read from the start and close), then what is still in memory.
    func take(_ entry: Int) -> [OutputQueue.BlockPart] {
        held.withLock { transfer in
            let slot = transfer.value[entry]
            transfer.value[entry] = Held()
            var parts: [OutputQueue.BlockPart] = []
            if slot.file >= 0 { parts.append(.file(slot.file)) }
            if let memory = slot.memory, memory.count > 0 { parts.append(.bytes(memory)) }
            return parts
        }
    }

    /// The entries holding lines now.
    var holdingEntries: [Int] {
        held.withLock { transfer in transfer.value.indices.filter { transfer.value[$0].file >= 0 || transfer.value[$0].memory != nil } }
    }

    /// Writes all of `bytes` to `fd`; false on an error (ENOSPC).
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, start + offset, bytes.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno != EINTR {
                return false
            }
        }
        return true
    }
}
