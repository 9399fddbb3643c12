internal import Glibc

/// Cuts a byte stream into lines, holding at most `maxLineLength` bytes of an unfinished line.
///
/// Bytes pass through untouched (no UTF-8 decoding). A line longer than `maxLineLength` is cut into
/// pieces of that size, so memory stays bounded however a child writes. Lines are handed out as
/// views into the input (or the held partial line), valid only during the `emit` call.
package struct LineSplitter: Sendable {
    /// The longest line kept whole: 64 KiB.
    package static let defaultMaxLineLength = 64 * 1024

    private let maxLineLength: Int
    private var partial: [UInt8] = []

    /// Creates a splitter.
    package init(maxLineLength: Int = defaultMaxLineLength) {
        self.maxLineLength = maxLineLength
    }

    /// Feeds `bytes`, calling `emit` with each complete line (without its newline).
    package mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start < bytes.count {
            guard let found = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else {
                partial.append(contentsOf: bytes[start...])
                flushLongPartial(emit: emit)
                return
            }
            let end = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
            if partial.isEmpty {
                var from = start
                while end - from > maxLineLength {
                    emit(UnsafeRawBufferPointer(rebasing: bytes[from..<from + maxLineLength]))
                    from += maxLineLength
                }
                emit(UnsafeRawBufferPointer(rebasing: bytes[from..<end]))
            } else {
                partial.append(contentsOf: bytes[start..<end])
                flushLongPartial(emit: emit)
                partial.withUnsafeBytes(emit)
                partial.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
    }

    /// Whether an unfinished line is held (for `finish` to emit).
    package var holdsPartialLine: Bool { !partial.isEmpty }

    /// At the end of the stream: the unfinished last line, if any, as a line of its own.
    package mutating func finish(emit: (UnsafeRawBufferPointer) -> Void) {
        guard !partial.isEmpty else { return }
        partial.withUnsafeBytes(emit)
        partial.removeAll()
    }

    /// Emits full `maxLineLength` pieces of the held line while more than that is held.
    private mutating func flushLongPartial(emit: (UnsafeRawBufferPointer) -> Void) {
        var from = 0
        while partial.count - from > maxLineLength {
            partial.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[from..<from + maxLineLength])) }
            from += maxLineLength
        }
        if from > 0 { partial.removeFirst(from) }
    }
}
