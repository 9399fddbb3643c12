/// An entry's last output lines in bounded memory: the bytes in one circular buffer (growing from
/// 4 KiB up to its capacity as output comes) and the line lengths in another, so that keeping a
/// line is a copy, not an allocation.
struct LineRing: Sendable {
    private var bytes: [UInt8] = []
    private var lengths: [Int] = []
    /// When each line came (seconds since the epoch), beside its length.
    private var times: [Double] = []
    private let capacity: Int
    private let maximumLines: Int
    private var byteEnd = 0
    private var storedBytes = 0
    private var firstLine = 0
    private var lineCount = 0

    /// A ring of at most `lines` lines and `capacity` bytes; memory is taken at the first line.
    init(lines: Int, capacity: Int) {
        self.capacity = capacity
        maximumLines = lines
    }

    /// Keeps `line`, which came at `time` (seconds since the epoch), cut to the ring's capacity,
    /// evicting the oldest lines as needed.
    mutating func append(_ line: UnsafeRawBufferPointer, at time: Double = 0) {
        if lengths.isEmpty {
            lengths = Array(repeating: 0, count: maximumLines)
            times = Array(repeating: 0, count: maximumLines)
        }
        let count = min(line.count, capacity)
        if bytes.isEmpty || (storedBytes + count > bytes.count && bytes.count < capacity) {
            grow(toFit: storedBytes + count)
        }
        while lineCount > 0 && (lineCount == lengths.count || storedBytes + count > bytes.count) {
            storedBytes -= lengths[firstLine]
            firstLine = (firstLine + 1) % lengths.count
            lineCount -= 1
        }
        if count > 0, let source = line.baseAddress {
            bytes.withUnsafeMutableBytes { ring in
                let firstPart = min(count, ring.count - byteEnd)
                ring.baseAddress!.advanced(by: byteEnd).copyMemory(from: source, byteCount: firstPart)
                if firstPart < count {
                    ring.baseAddress!.copyMemory(from: source.advanced(by: firstPart), byteCount: count - firstPart)
                }
            }
        }
        byteEnd = (byteEnd + count) % bytes.count
        storedBytes += count
        lengths[(firstLine + lineCount) % lengths.count] = count
        times[(firstLine + lineCount) % lengths.count] = time
        lineCount += 1
    }

    /// Doubles the byte buffer (from 4 KiB, at most `capacity`), laying the kept bytes out from 0.
    private mutating func grow(toFit needed: Int) {
        var size = max(bytes.count, 4096)
        while size < needed && size < capacity { size *= 2 }
        size = min(size, capacity)
        var grown = [UInt8](repeating: 0, count: size)
        let start = (byteEnd - storedBytes + max(bytes.count, 1)) % max(bytes.count, 1)
        for offset in 0..<storedBytes { grown[offset] = bytes[(start + offset) % bytes.count] }
        bytes = grown
        byteEnd = storedBytes % size
    }

    /// The last `count` lines, oldest first, decoded as UTF-8 (invalid bytes replaced).
    func last(_ count: Int) -> [String] {
        lastTimed(count).map(\.line)
    }

    /// The last `count` lines with the times they came, oldest first.
    func lastTimed(_ count: Int) -> [(time: Double, line: String)] {
        let wanted = min(count, lineCount)
        var lines: [(time: Double, line: String)] = []
        lines.reserveCapacity(wanted)
        // Where the wanted lines start: walk back from the end.
        var start = byteEnd
        for back in 0..<wanted {
            start -= lengths[(firstLine + lineCount - 1 - back) % lengths.count]
            if start < 0 { start += bytes.count }
        }
        for index in (lineCount - wanted)..<lineCount {
            let length = lengths[(firstLine + index) % lengths.count]
            var line = [UInt8]()
            line.reserveCapacity(length)
            for offset in 0..<length { line.append(bytes[(start + offset) % bytes.count]) }
            lines.append((times[(firstLine + index) % lengths.count], String(decoding: line, as: UTF8.self)))
            start = (start + length) % bytes.count
        }
        return lines
    }
}
