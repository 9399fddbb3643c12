/// A growable run of bytes that appends with one `memcpy` (an `Array`'s `append(contentsOf:)` of
/// raw bytes goes byte by byte), for the multiplexer's per-read chunks.
final class ByteBuffer {
    private(set) var count = 0
    private var capacity: Int
    private var storage: UnsafeMutableRawPointer

    /// An empty buffer with room for `capacity` bytes before it grows.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = .allocate(byteCount: self.capacity, alignment: 1)
    }

    deinit {
        storage.deallocate()
    }

    /// The bytes, valid until the next append.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(toFit: count + bytes.count) }
        (storage + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func append(_ byte: UInt8) {
        if count == capacity { grow(toFit: count + 1) }
        storage.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    private func grow(toFit needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        grown.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = grown
        capacity = size
    }
}
