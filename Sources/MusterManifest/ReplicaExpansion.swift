/// Names the instances of entries with `replicas:` and points dependencies at them.
///
/// The decoder gives each instance its own spec (interpolated with its `MUSTER_REPLICA`) under
/// the entry's name; once the entries taking part are selected, instance N of `web` becomes
/// `web-N`, and a dependency on `web` becomes one on every instance with the same condition, so
/// it holds once it holds for all of them. `replicas: 0` runs no instance, and a condition on
/// none holds at once.
package enum ReplicaExpansion {
    /// The most instances `replicas:` (and `muster scale`) may ask for.
    package static let limit = 10_000

    /// Renames the instances of `manifest` and rewrites dependencies on replicated entries; an
    /// instance name another entry already has is an error.
    package static func apply(to manifest: inout Manifest) -> [Diagnostic] {
        guard manifest.processes.contains(where: { $0.replicaOf != nil }) else { return [] }
        var instances: [String: [String]] = [:]
        for process in manifest.processes {
            guard let base = process.replicaOf else { continue }
            if process.replica > 0 { instances[base, default: []].append("\(base)-\(process.replica)") }
            else { instances[base] = instances[base] ?? [] }
        }
        manifest.replicaCounts = instances.mapValues(\.count)
        var diagnostics: [Diagnostic] = []
        let instanceNames = Set(instances.values.joined())
        for process in manifest.processes where process.replicaOf == nil && instanceNames.contains(process.name) {
            diagnostics.append(
                .error(
                    "process '\(process.name)' has the name of an instance of a process with replicas; rename it",
                    at: process.nameLocation))
        }
        manifest.processes.removeAll { $0.replicaOf != nil && $0.replica == 0 }
        for index in manifest.processes.indices {
            if let base = manifest.processes[index].replicaOf {
                manifest.processes[index].name = "\(base)-\(manifest.processes[index].replica)"
            }
            let dependencies = manifest.processes[index].dependencies
            guard dependencies.contains(where: { instances[$0.name] != nil }) else { continue }
            manifest.processes[index].dependencies = dependencies.flatMap { dependency in
                guard let names = instances[dependency.name] else { return [dependency] }
                return names.map { Dependency(name: $0, condition: dependency.condition, location: dependency.location) }
            }
        }
        return diagnostics
    }
}
