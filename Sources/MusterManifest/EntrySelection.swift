/// Which entries of a manifest take part in a run, as docker compose decides with `profiles`:
/// an entry with profiles runs only when one of them is enabled (`--profile P`, or
/// `MUSTER_PROFILES=a,b`; `*` enables all) or when it is named on the command line. An entry with
/// `disabled: true` is left out, and so is everything that needs it, each with a note. A
/// dependency on an entry whose profiles are all off is an error naming the profile to enable.
///
/// Every entry is decoded and checked before this, enabled or not; only the selection is planned.
package enum EntrySelection {
    /// The enabled profiles: the `--profile` values when there are any, else `MUSTER_PROFILES`
    /// (comma-separated, blanks ignored), as compose reads `COMPOSE_PROFILES`.
    package static func enabledProfiles(flags: [String], environment: [String: String]) -> [String] {
        if !flags.isEmpty { return flags }
        return (environment["MUSTER_PROFILES"] ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter {
            !$0.isEmpty
        }
    }

    /// Narrows `manifest` to the entries that take part, in declaration order; returns the notes
    /// (left out) and errors (a dependency on a profile that is off, a disabled target).
    ///
    /// `targets` are the entries named on the command line, which are enabled whatever their
    /// profiles. Dependencies on entries left out by their profiles are removed from the
    /// remaining entries once reported, so the planner does not report them again.
    package static func apply(
        to manifest: inout Manifest, profiles: [String], targets: [String]
    ) -> [Diagnostic] {
        guard manifest.processes.contains(where: { $0.disabled || !$0.profiles.isEmpty }) else { return [] }
        let (keep, dropped, diagnostics) = selection(of: manifest.processes, profiles: profiles, targets: targets)
        narrow(&manifest, keep: keep, dropped: dropped)
        return diagnostics
    }

    /// Which of `all` take part, the dependencies to drop from them, and what to say.
    private static func selection(
        of all: [ProcessSpec], profiles: [String], targets: [String]
    ) -> (keep: [Bool], dropped: [Int: [Dependency]], diagnostics: [Diagnostic]) {
        let enabled = Set(profiles)
        let named = Set(targets)
        let everything = enabled.contains("*")
        func switchedOn(_ process: ProcessSpec) -> Bool {
            process.profiles.isEmpty || everything || named.contains(process.name)
                || process.profiles.contains(where: enabled.contains)
        }
        var diagnostics: [Diagnostic] = []
        // The entries whose profiles are all off, by name: what a dependency must not name.
        var off: [String: Int] = [:]
        for (index, process) in all.enumerated() where !process.disabled && !switchedOn(process) {
            off[process.name] = index
        }

        // Left out: the disabled entries, then whatever needs one of them, transitively.
        var leftOut = [Bool](repeating: false, count: all.count)
        var queue: [Int] = []
        for (index, process) in all.enumerated() where process.disabled {
            leftOut[index] = true
            queue.append(index)
            if named.contains(process.name) {
                diagnostics.append(
                    .error(
                        "process '\(process.name)' is disabled (disabled: true), so it cannot run; remove 'disabled: true' to run it",
                        at: process.disabledLocation ?? process.nameLocation))
            }
        }
        // Who needs what, once something does need a disabled entry (rare).
        var dependents: [String: [(index: Int, location: SourceLocation)]] = [:]
        let disabledNames = Set(queue.map { all[$0].name })
        let needsDisabled = all.contains { process in
            !process.disabled && process.dependencies.contains { disabledNames.contains($0.name) }
        }
        if needsDisabled {
            for (index, process) in all.enumerated() where !process.disabled && switchedOn(process) {
                for dependency in process.dependencies {
                    dependents[dependency.name, default: []].append((index, dependency.location))
                }
            }
        }
        var head = 0
        while head < queue.count {
            let needed = all[queue[head]]
            let why = needed.disabled ? "which is disabled" : "which is left out"
            head += 1
            for (index, location) in dependents[needed.name] ?? [] where !leftOut[index] {
                let process = all[index]
                leftOut[index] = true
                queue.append(index)
                diagnostics.append(
                    .note("process '\(process.name)' is left out: it needs '\(needed.name)', \(why)", at: location))
                if named.contains(process.name) {
                    diagnostics.append(
                        .error(
                            "process '\(process.name)' cannot run: it needs '\(needed.name)', \(why)",
                            at: process.nameLocation))
                }
            }
        }

        var keep = [Bool](repeating: false, count: all.count)
        var dropped: [Int: [Dependency]] = [:]
        for (index, process) in all.enumerated() where !leftOut[index] && switchedOn(process) {
            keep[index] = true
            guard !off.isEmpty else { continue }
            let unmet = process.dependencies.filter { off[$0.name] != nil }
            guard !unmet.isEmpty else { continue }
            dropped[index] = unmet
            for dependency in unmet {
                let target = all[off[dependency.name]!]
                let listed = target.profiles.map { "'\($0)'" }.joined(separator: ", ")
                let word = target.profiles.count == 1 ? "profile \(listed) is" : "profiles \(listed) are all"
                diagnostics.append(
                    .error(
                        "process '\(process.name)' depends on '\(target.name)', whose \(word) off; enable it with --profile \(target.profiles[0]) (or MUSTER_PROFILES=\(target.profiles[0]))",
                        at: dependency.location,
                        notes: [
                            .init(
                                "'\(target.name)' is in \(target.profiles.count == 1 ? "profile" : "profiles") \(listed) here",
                                at: target.profilesLocation)
                        ]))
            }
        }
        if !keep.contains(true), let first = all.first {
            diagnostics.append(
                .error(
                    "no process is left to run: every entry is disabled or in a profile that is off; enable one with --profile NAME",
                    at: first.profilesLocation ?? first.disabledLocation ?? first.nameLocation))
        }
        return (keep, dropped, diagnostics)
    }

    /// `manifest` narrowed in place to the entries `keep` marks, without the dependencies
    /// `dropped` lists (copying every spec would cost more than the selection itself).
    private static func narrow(_ manifest: inout Manifest, keep: [Bool], dropped: [Int: [Dependency]]) {
        for (index, dependencies) in dropped {
            manifest.processes[index].dependencies.removeAll { dependencies.contains($0) }
        }
        var write = 0
        for read in manifest.processes.indices where keep[read] {
            if write != read { manifest.processes.swapAt(write, read) }
            write += 1
        }
        manifest.processes.removeLast(manifest.processes.count - write)
    }
}
