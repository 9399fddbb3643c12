package import MusterManifest

/// Builds a `Plan` from a manifest: resolves dependency names, finds cycles, computes start stages.
///
/// Linear in entries + edges. Problems come back as diagnostics; the plan is complete and
/// acyclic only when none of them is an error.
package enum Planner {
    /// The plan of every entry of `manifest`, and the graph's problems (unknown names, cycles).
    package static func plan(_ manifest: Manifest) -> (plan: Plan, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let processes = manifest.processes
        var indexByName = NameTable(minimumCapacity: processes.count)
        for index in processes.indices { indexByName.updateValue(index, forKey: processes[index].name) }

        var dependencies = [[Plan.Edge]](repeating: [], count: processes.count)
        var dependentCounts = [Int](repeating: 0, count: processes.count)
        for dependent in processes.indices {
            let written = processes[dependent].dependencies
            dependencies[dependent].reserveCapacity(written.count)
            // By index: only the name and the condition are read, not the whole dependency copied.
            for position in written.indices {
                guard let target = indexByName[written[position].name] else {
                    let dependency = written[position]
                    let notes = Suggestions.didYouMean(dependency.name, among: processes.lazy.map(\.name)).map {
                        [Diagnostic.Note($0)]
                    } ?? []
                    diagnostics.append(
                        .error(
                            "process '\(processes[dependent].name)' depends on unknown process '\(dependency.name)'",
                            at: dependency.location, notes: notes))
                    continue
                }
                dependencies[dependent].append(
                    Plan.Edge(dependency: target, dependent: dependent, condition: written[position].condition))
                dependentCounts[target] += 1
            }
        }
        // Sized first: a layer waited for by the whole next one would otherwise grow its list many times.
        var dependents = dependentCounts.map { count in
            var edges: [Plan.Edge] = []
            edges.reserveCapacity(count)
            return edges
        }
        for edges in dependencies {
            for edge in edges { dependents[edge.dependency].append(edge) }
        }
        diagnostics += CycleFinder(processes: processes, dependencies: dependencies).diagnostics()
        let (stages, stageOf) = Self.stages(dependencies: dependencies, dependents: dependents)
        let plan = Plan(
            manifest: manifest, processes: processes, dependencies: dependencies, dependents: dependents,
            stages: stages, stageOf: stageOf)
        return (plan, diagnostics)
    }

    /// Longest-path layering (Kahn's algorithm); entries on cycles get no stage (-1).
    static func stages(dependencies: [[Plan.Edge]], dependents: [[Plan.Edge]]) -> ([[Int]], [Int]) {
        let count = dependencies.count
        var waiting = dependencies.map { $0.count }
        var level = [Int](repeating: 0, count: count)
        var stageOf = [Int](repeating: -1, count: count)
        var ready = (0..<count).filter { waiting[$0] == 0 }
        var head = 0
        while head < ready.count {
            let index = ready[head]
            head += 1
            stageOf[index] = level[index]
            for edge in dependents[index] {
                level[edge.dependent] = max(level[edge.dependent], level[index] + 1)
                waiting[edge.dependent] -= 1
                if waiting[edge.dependent] == 0 { ready.append(edge.dependent) }
            }
        }
        let stageCount = (stageOf.max() ?? -1) + 1
        var stages = [[Int]](repeating: [], count: stageCount)
        for index in 0..<count where stageOf[index] >= 0 { stages[stageOf[index]].append(index) }
        return (stages, stageOf)
    }
}

extension Plan {
    /// The plan narrowed to `targets` and everything they transitively depend on; all entries
    /// when `targets` is empty. Declaration order is kept.
    ///
    /// - Throws: `PlanError` naming an unknown target, with a "did you mean" hint.
    package func selecting(_ targets: [String]) throws(PlanError) -> Plan {
        guard !targets.isEmpty else { return self }
        var keep = [Bool](repeating: false, count: processes.count)
        var stack: [Int] = []
        for target in targets {
            // A replicated entry's name selects all its instances.
            let instances = processes.indices.filter { processes[$0].replicaOf == target }
            if index(of: target) == nil, !instances.isEmpty {
                stack += instances
                continue
            }
            guard let index = index(of: target) else {
                let hint = Suggestions.didYouMean(target, among: processes.map(\.name)).map { "; \($0)" } ?? ""
                throw PlanError(message: "no process named '\(target)' in \(manifest.path)\(hint)")
            }
            stack.append(index)
        }
        while let index = stack.popLast() {
            guard !keep[index] else { continue }
            keep[index] = true
            stack += dependencies[index].map(\.dependency)
        }
        var narrowed = manifest
        narrowed.processes = processes.indices.filter { keep[$0] }.map { processes[$0] }
        var plan = Planner.plan(narrowed).plan
        plan.manifest = manifest
        return plan
    }
}
