internal import Glibc

/// What an entry's process group costs, read from /proc: CPU time and resident memory, summed
/// over every process of the group (its main process, and what that started).
struct ProcessGroupCost: Sendable {
    /// CPU time used (user and system), in clock ticks.
    var ticks: UInt64
    /// Resident memory, in bytes.
    var residentBytes: Int

    /// Clock ticks per second (`USER_HZ`).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The cost of each of `groups`, in one pass over /proc; groups with no process left are absent.
    static func sample(_ groups: Set<Int32>) -> [Int32: ProcessGroupCost] {
        guard !groups.isEmpty else { return [:] }
        var costs: [Int32: ProcessGroupCost] = [:]
        for pid in ProcFiles.processes() {
            // After the command: state, ppid, pgrp, …, utime (12th), stime (13th), …, rss (22nd).
            guard let fields = ProcFiles.statFields(of: pid), fields.count > 21, let group = Int32(fields[2]),
                groups.contains(group)
            else { continue }
            let ticks = (UInt64(fields[11]) ?? 0) + (UInt64(fields[12]) ?? 0)
            let resident = (Int(fields[21]) ?? 0) * pageSize
            costs[group, default: ProcessGroupCost(ticks: 0, residentBytes: 0)].add(ticks, resident)
        }
        return costs
    }

    private mutating func add(_ ticks: UInt64, _ resident: Int) {
        self.ticks += ticks
        residentBytes += resident
    }
}
