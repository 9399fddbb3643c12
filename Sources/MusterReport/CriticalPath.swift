package import MusterExec
internal import MusterManifest

/// The chain of dependencies that decided a run's wall time: from the job that ended last, back
/// through the dependency whose condition held last before each one started.
///
/// A dependency's condition holds at its start (`started`), at its ready point (`ready`), or at
/// its end (`completed`, `succeeded`). A dependency counts as the one that held an entry back when
/// its condition held no later than a moment after the entry started.
package struct CriticalPath: Sendable, Equatable {
    /// The entries on the path, first to last.
    package var names: [String]
    /// From the first one's start to the last one's end.
    package var seconds: Double
    /// The whole run's wall time.
    package var totalSeconds: Double

    /// How late a dependency's condition may hold after an entry started and still be what it
    /// waited for (the loop starts dependents within milliseconds).
    static let slack = 0.25

    /// The path of `run`, or nil when no job ran.
    package static func of(_ run: RunRecord) -> CriticalPath? {
        let entries = run.entries
        let byName = Dictionary(entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let ran = entries.indices.filter { !entries[$0].daemon && entries[$0].finishedAt != nil && firstStart(entries[$0]) != nil }
        // Of jobs that ended at the same moment (a saved report keeps milliseconds), the one that
        // started last: it may have waited for the others.
        let ending = { (index: Int) in (entries[index].finishedAt!.seconds, firstStart(entries[index])!) }
        guard var current = ran.max(by: { ending($0) < ending($1) }) else { return nil }
        let end = entries[current].finishedAt!.seconds
        var path = [current]
        while let start = firstStart(entries[current]) {
            var decider: (index: Int, at: Double)?
            for dependency in entries[current].dependsOn {
                guard let index = byName[dependency.name], !path.contains(index),
                    let at = conditionTime(entries[index], dependency.condition), at <= start + slack
                else { continue }
                if decider == nil || at > decider!.at { decider = (index, at) }
            }
            guard let decider else { break }
            path.append(decider.index)
            current = decider.index
        }
        path.reverse()
        let begin = firstStart(entries[path[0]]) ?? end
        return CriticalPath(
            names: path.map { entries[$0].name }, seconds: max(0, end - begin),
            totalSeconds: max(0, run.finishedAt.seconds - run.startedAt.seconds))
    }

    /// When `entry` first started (its first attempt).
    static func firstStart(_ entry: EntryRecord) -> Double? {
        (entry.instances.first?.startedAt ?? entry.startedAt)?.seconds
    }

    /// When `condition` on `entry` held, if it did.
    private static func conditionTime(_ entry: EntryRecord, _ condition: DependencyCondition) -> Double? {
        switch condition {
        case .started: return firstStart(entry)
        case .ready: return (entry.instances.first?.readyAt ?? entry.readyAt ?? entry.finishedAt)?.seconds
        case .completed, .succeeded: return entry.finishedAt?.seconds
        }
    }

    /// `critical path: prepare → build → unit-test (41.2 s of 43.0 s)`.
    package var line: String { "critical path: \(names.joined(separator: " → ")) (\(times))" }

    /// `41.2 s of 43.0 s`: tenths of a second, or milliseconds for a run shorter than a second
    /// (`0.031 s of 0.046 s`).
    package var times: String {
        let digits = totalSeconds < 1 ? 3 : 1
        return "\(Self.decimal(seconds, digits: digits)) s of \(Self.decimal(totalSeconds, digits: digits)) s"
    }

    /// `value` with `digits` decimals: `41.2`, `0.046`.
    static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((max(0, value) * Double(scale)).rounded())
        var fraction = String(scaled % scale)
        while fraction.count < digits { fraction = "0" + fraction }
        return "\(scaled / scale).\(fraction)"
    }
}
