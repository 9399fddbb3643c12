internal import Dispatch
internal import Glibc
internal import Synchronization

/// Large manifests (thousands of entries) are decoded and printed in chunks on every core; small
/// ones stay on one thread, where splitting would cost more than it saves. The chunks' results
/// come back in order, so the output is the same either way.
enum Parallel {
    /// Below this many items, work is not split.
    static let threshold = 2000

    /// The cores to use (at most 8), read once.
    static let cores = max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// How many chunks `count` items are split into: one per core (at most 8), or 1.
    static func chunks(for count: Int) -> Int {
        guard count >= threshold else { return 1 }
        return max(1, min(cores, count / (threshold / 2)))
    }

    /// The ranges of `0..<count` for `chunks` chunks, in order.
    static func ranges(_ count: Int, chunks: Int) -> [Range<Int>] {
        (0..<chunks).map { chunk in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) }
    }

    /// `work` on each range of `0..<count`, in parallel when `count` is large (or, with
    /// `each`, whenever there are two or more items); results in order.
    static func map<Result: Sendable>(
        _ count: Int, each: Bool = false, _ work: @Sendable (Range<Int>) -> Result
    ) -> [Result] {
        let ranges = ranges(count, chunks: each ? min(cores, count) : chunks(for: count))
        guard ranges.count > 1 else { return ranges.map(work) }
        let results = Mutex([Result?](repeating: nil, count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            let result = work(ranges[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
